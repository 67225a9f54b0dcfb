import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { lookupRequest, WRONG_LOOKUPS_PER_CODE } from '#shared/use-cases/lookup-request';
import { submitRequest } from '#shared/use-cases/submit-request';

let mem: MemoryDeps;
let now: Date;

beforeEach(() => {
  now = new Date('2026-11-29T08:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

async function trackingCodeOf(phone: string): Promise<string> {
  const submission = parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: '370902003009',
    description: '电视没有图像',
    contactName: '赵大爷',
    phone,
    address: '5号楼',
    attributes: { applianceType: 'tv' },
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
    expect(await answers(code, Array(3 * WRONG_LOOKUPS_PER_CODE.limit).fill('1234'))).toEqual(
      Array(3 * WRONG_LOOKUPS_PER_CODE.limit).fill('found'),
    );
  });
});
