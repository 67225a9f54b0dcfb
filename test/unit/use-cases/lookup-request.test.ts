import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { RateLimitedError } from '#shared/domain/errors';
import { maskContactIn } from '#shared/domain/personal-fields';
import type { Staff } from '#shared/domain/staff';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { lookupRequest, WRONG_LOOKUPS_PER_CODE } from '#shared/use-cases/lookup-request';
import { cancelByAdmin, rejectRequest } from '#shared/use-cases/admin-requests';
import { submitRequest } from '#shared/use-cases/submit-request';

let mem: MemoryDeps;
let now: Date;

beforeEach(() => {
  now = new Date('2026-11-29T08:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

async function trackingCodeOf(phone: string, description = '电视没有图像', preferredTime?: string, address = '5号楼'): Promise<string> {
  const submission = parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: '370902003009',
    description,
    contactName: '赵大爷',
    phone,
    address,
    attributes: { applianceType: 'tv' },
    ...(preferredTime ? { preferredTime } : {}),
  });
  return (await submitRequest(mem, { submission, channel: 'web' })).submitted.trackingCode;
}

/** What each lookup answered: `found`, or the error's class. */
const answers = (code: string, guesses: readonly string[]) =>
  Promise.all(
    guesses.map((phone4) =>
      lookupRequest(mem, { code, phone4 }).then(
        () => 'found',
        (e: Error) => e.constructor.name,
      ),
    ),
  );

/** Wrong last four digits for 13600001234, one more than the day allows. */
const wrongGuesses = Array.from({ length: WRONG_LOOKUPS_PER_CODE.limit + 1 }, (_, i) => String(2000 + i));

describe('looking a request up by tracking code, guessed from many addresses', () => {
  it('refuses a tracking code for the day after ten wrong phone digits, the right ones too, and not other codes', async () => {
    const code = await trackingCodeOf('13600001234');
    const other = await trackingCodeOf('13600005678');
    const refused = [];
    for (const guess of wrongGuesses) refused.push(...(await answers(code, [guess])));
    expect(refused).toEqual([...Array(10).fill('NotFoundError'), 'RateLimitedError']);
    expect(await answers(code, ['1234'])).toEqual(['RateLimitedError']);
    // Until the day's end in Beijing: 16:00 there now.
    expect(await lookupRequest(mem, { code, phone4: '1234' }).catch((e: RateLimitedError) => e.retryAfterSeconds)).toBe(8 * 3600);
    expect(await answers(other, ['5678'])).toEqual(['found']);
    now = new Date(now.getTime() + WRONG_LOOKUPS_PER_CODE.windowSeconds * 1000);
    expect(await answers(code, ['1234'])).toEqual(['found']);
  });

  it('counts a code nobody issued alike, so a refusal does not tell that a code exists', async () => {
    const issued = await trackingCodeOf('13600001234');
    const unknown = issued === '99999999' ? '99999998' : '99999999';
    const forIssued = [];
    const forUnknown = [];
    for (const guess of wrongGuesses) {
      forIssued.push(...(await answers(issued, [guess])));
      forUnknown.push(...(await answers(unknown, [guess])));
    }
    expect(forUnknown).toEqual(forIssued);
  });

  it('counts only wrong lookups: the resident looks their request up as often as they like', async () => {
    const code = await trackingCodeOf('13600001234');
    const found = [];
    for (let i = 0; i < 3 * WRONG_LOOKUPS_PER_CODE.limit; i++) found.push(...(await answers(code, ['1234'])));
    expect(found).toEqual(Array(3 * WRONG_LOOKUPS_PER_CODE.limit).fill('found'));
    expect(await answers(code, wrongGuesses.slice(0, WRONG_LOOKUPS_PER_CODE.limit))).toEqual(
      Array(WRONG_LOOKUPS_PER_CODE.limit).fill('NotFoundError'),
    );
  });

  it('compares at most ten of 200 wrong guesses sent at once', async () => {
    const code = await trackingCodeOf('13600001234');
    const guesses = Array.from({ length: 200 }, (_, i) => String(4000 + i));
    const out = await answers(code, guesses);
    expect(out.filter((a) => a === 'NotFoundError')).toHaveLength(WRONG_LOOKUPS_PER_CODE.limit);
    expect(out.filter((a) => a === 'RateLimitedError')).toHaveLength(200 - WRONG_LOOKUPS_PER_CODE.limit);
    expect(await answers(code, ['1234'])).toEqual(['RateLimitedError']);
  });

  it('masks phone numbers and door numbers in the description and the rating comment of the read-only view', async () => {
    const code = await trackingCodeOf('13600001234', '电视坏了，我儿子电话13912345678，住3号楼2单元501');
    const view = await lookupRequest(mem, { code, phone4: '1234' });
    expect(view.description).not.toContain('13912345678');
    expect(view.description).not.toContain('501');
    expect(view.description).toBe(maskContactIn('电视坏了，我儿子电话13912345678，住3号楼2单元501'));
    const stored = [...mem.requests.requests.values()].find((r) => r.trackingCode === code)!;
    mem.requests.requests.set(stored.id, { ...stored, rating: { stars: 5, comment: '有事打13912345678', ratedAt: now.toISOString() } });
    expect((await lookupRequest(mem, { code, phone4: '1234' })).rating?.comment).toBe(maskContactIn('有事打13912345678'));
  });

  it("masks them in the preferred time and in staff's reasons on the timeline too", async () => {
    const code = await trackingCodeOf('13600001234', '电视没有图像', '下午，先打13912345678，3号楼2单元401室');
    const stored = [...mem.requests.requests.values()].find((r) => r.trackingCode === code)!;
    const staff: Staff = { id: 'c', name: '中心', role: 'center' };
    await rejectRequest(mem, staff, stored.id, { reason: '已电话联系13977778888，住7号楼402室', version: stored.version });
    const view = await lookupRequest(mem, { code, phone4: '1234' });
    expect(view.preferredTime).toBe(maskContactIn('下午，先打13912345678，3号楼2单元401室'));
    const shown = JSON.stringify(view);
    for (const hidden of ['13912345678', '401室', '13977778888', '7号楼402室']) expect(shown).not.toContain(hidden);
    // The reason is still there, masked.
    expect(view.timeline.some((e) => e.message.zh.includes(maskContactIn('已电话联系13977778888')))).toBe(true);
  });

  it("masks the resident's own door however the text writes it (review 47)", async () => {
    const code = await trackingCodeOf(
      '13600001234',
      '电视坏了，住502，下午3点后在家',
      '周六10:30，敲五〇二的门',
      '幸福里小区3号楼2单元502室',
    );
    const stored = [...mem.requests.requests.values()].find((r) => r.trackingCode === code)!;
    const staff: Staff = { id: 'c', name: '中心', role: 'center' };
    await cancelByAdmin(mem, staff, stored.id, { reason: '502已有邻居帮忙修好', version: stored.version });
    const view = await lookupRequest(mem, { code, phone4: '1234' });
    expect(view.description).toBe('电视坏了，住***，下午3点后在家');
    expect(view.preferredTime).toBe('周六10:30，敲***的门');
    expect(view.cancelledByStaff?.reason).toBe('***已有邻居帮忙修好');
    expect(JSON.stringify(view)).not.toMatch(/502|五〇二/);
  });

  it('masks the resident’s own name in the description and the rating comment, as the contact line shows it (review 75)', async () => {
    const code = await trackingCodeOf('13600001234', '赵大爷家的电视坏了，找赵大爷就行');
    const stored = [...mem.requests.requests.values()].find((r) => r.trackingCode === code)!;
    mem.requests.requests.set(stored.id, { ...stored, rating: { stars: 5, comment: '谢谢！我是赵大爷', ratedAt: now.toISOString() } });
    const view = await lookupRequest(mem, { code, phone4: '1234' });
    expect(view.description).toBe('赵**家的电视坏了，找赵**就行');
    expect(view.rating?.comment).toBe('谢谢！我是赵**');
    expect(JSON.stringify(view)).not.toContain('赵大爷');
  });

  it("masks them in the staff's reason for a cancellation, which the status page leads with", async () => {
    const code = await trackingCodeOf('13600001234');
    const stored = [...mem.requests.requests.values()].find((r) => r.trackingCode === code)!;
    const staff: Staff = { id: 'c', name: '中心', role: 'center' };
    await cancelByAdmin(mem, staff, stored.id, { reason: '已转交女儿王丽13812345678，住5号楼3单元602', version: stored.version });
    const view = await lookupRequest(mem, { code, phone4: '1234' });
    expect(view.cancelledByStaff?.reason).toBe(maskContactIn('已转交女儿王丽13812345678，住5号楼3单元602'));
    const shown = JSON.stringify(view);
    for (const hidden of ['13812345678', '3单元602']) expect(shown).not.toContain(hidden);
  });
});
