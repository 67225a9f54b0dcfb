import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import type { Staff } from '#shared/domain/staff';
import { voidCreditsForComplaint } from '#shared/use-cases/admin-credits';
import { certificatesOf, issueCertificate, revokeCertificate, verifyCertificate } from '#shared/use-cases/certificates';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { voidStanding } from '#shared/use-cases/volunteer-credits';
import { renderVerifyPage } from '#shared/web/certificate-pages';
import { KEDA_STAFF, reason, type ServedTeam, servedTeam, WU, wu } from '../../support/served-team';

// Review 38: a certificate stayed 有效 for hours voided or corrected since it was issued.
const CENTER: Staff = { id: 'c', name: 'center', role: 'center', areaId: '370902' };
const period = { from: '2026-01-01', to: '2026-03-10', organization: '泰山区志愿服务中心', personInCharge: '李', contact: '0538-1234567' };

let world: ServedTeam;
let mem: MemoryDeps;
beforeEach(async () => {
  world = await servedTeam();
  mem = world.mem;
});

describe('a certificate whose records were voided or corrected after issue', () => {
  it('says so on its public check with the date, and the void names it to staff', async () => {
    const id = await world.closedRequest();
    const made = await issueCertificate(mem, CENTER, WU, period);
    expect((await verifyCertificate(mem, made.number))?.correctedAt).toBeUndefined();
    world.later(3600_000);

    const answer = await voidCreditsForComplaint(mem, KEDA_STAFF, id, { reason: '投诉属实：未上门' });
    expect(answer).toMatchObject({ voided: 2, certificates: [made.number] });

    const shown = await verifyCertificate(mem, made.number);
    expect(shown).toMatchObject({ status: 'valid', totalHours: 2, correctedAt: world.now().toISOString(), correctedRequests: [id] });
    expect((await mem.certificates.get(made.number))?.corrected).toEqual({ [id]: { at: world.now().toISOString(), hours: 0 } });
    const zh = renderVerifyPage({ lang: 'zh', large: false, number: made.number, result: shown! });
    expect(zh).toContain(`含已更正的服务记录</strong>（${world.now().toISOString().slice(0, 10)}）`);
    expect(renderVerifyPage({ lang: 'en', large: false, result: shown! })).toContain('Contains a service record corrected after issue');
    // The staff's list of the person's certificates shows it too.
    expect(await certificatesOf(mem, CENTER, WU)).toMatchObject([{ number: made.number, correctedAt: world.now().toISOString() }]);
    // A repeat names it again and keeps the first date.
    world.later(3600_000);
    expect(await voidCreditsForComplaint(mem, KEDA_STAFF, id, { reason: '投诉属实：未上门' })).toMatchObject({
      certificates: [made.number],
    });
    expect((await verifyCertificate(mem, made.number))?.correctedAt).toBe(shown?.correctedAt);
  });

  it('marks a certificate of hours corrected after issue, and the correction names it', async () => {
    const id = await world.closedRequest();
    const made = await issueCertificate(mem, CENTER, WU, period);
    const result = await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason });
    expect(result.certificates).toEqual([made.number]);
    expect((await mem.certificates.get(made.number))?.corrected?.[id]).toEqual({ at: world.now().toISOString(), hours: 4 });
    // One issued after the correction certifies the hours as they stand: nothing to say.
    const after = await issueCertificate(mem, CENTER, WU, period);
    expect(after.totalHours).toBe(4);
    expect((await verifyCertificate(mem, after.number))?.correctedAt).toBeUndefined();
  });

  it('stays marked when the hours are corrected back to those certified, and its public check says only what is true', async () => {
    const id = await world.closedRequest();
    const made = await issueCertificate(mem, CENTER, WU, period);
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason });
    world.later(3600_000);
    await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 120 }], reason });
    const shown = await verifyCertificate(mem, made.number);
    expect(shown).toMatchObject({ status: 'valid', totalHours: 2, correctedRequests: [id] });
    // The hours on it stand again: the page says a record was corrected after issue, not that its hours are wrong.
    const zh = renderVerifyPage({ lang: 'zh', large: false, number: made.number, result: shown! });
    expect(zh).toContain('出具后，其中的服务记录曾被更正或作废');
    expect(zh).not.toContain('已不准确');
    const en = renderVerifyPage({ lang: 'en', large: false, result: shown! });
    expect(en).toContain('corrected or voided (a complaint upheld) after it was issued');
    expect(en).not.toContain('no longer stand');
  });

  it('marks nothing and names nothing when the person has no certificate, or only a revoked one', async () => {
    const id = await world.closedRequest();
    const first = await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 240 }], reason });
    expect(first.certificates).toBeUndefined();
    const made = await issueCertificate(mem, CENTER, WU, period);
    await revokeCertificate(mem, CENTER, made.number, { reason: '重新出具' });
    const second = await correctClosedHours(mem, KEDA_STAFF, id, { hours: [{ volunteerId: WU, minutes: 60 }], reason });
    expect(second.certificates).toBeUndefined();
    expect((await mem.certificates.get(made.number))?.corrected).toBeUndefined();
  });

  it('marks a certificate issued while a void landed between its reading of the ledger and its writing', async () => {
    const id = await world.closedRequest();
    const certificates = Object.assign(Object.create(mem.certificates), {
      issue: async (c: Parameters<MemoryDeps['certificates']['issue']>[0]) => {
        // The void's ledger write and its look for certificates come here, before this one is stored.
        await voidStanding(mem.credits, wu, id, '投诉属实', world.now().toISOString());
        return mem.certificates.issue(c);
      },
    }) as MemoryDeps['certificates'];
    const made = await issueCertificate({ ...mem, certificates }, CENTER, WU, period);
    expect(made.totalHours).toBe(2);
    expect(made.corrected).toEqual({ [id]: { at: world.now().toISOString(), hours: 0 } });
    expect((await verifyCertificate(mem, made.number))?.correctedAt).toBe(world.now().toISOString());
  });

  it('marks a certificate issued while a void landed, even when the person’s listing does not show it yet', async () => {
    const id = await world.closedRequest();
    const certificates = Object.assign(Object.create(mem.certificates), {
      issue: async (c: Parameters<MemoryDeps['certificates']['issue']>[0]) => {
        await voidStanding(mem.credits, wu, id, '投诉属实', world.now().toISOString());
        return mem.certificates.issue(c);
      },
      // A listing that lags the write (an eventually consistent read): the new certificate not in it.
      listFor: async () => [],
    }) as MemoryDeps['certificates'];
    const made = await issueCertificate({ ...mem, certificates }, CENTER, WU, period);
    expect(made.corrected).toEqual({ [id]: { at: world.now().toISOString(), hours: 0 } });
    expect((await verifyCertificate(mem, made.number))?.correctedAt).toBe(world.now().toISOString());
  });
});
