/** What every CertificateStore must do, run against the memory and the DynamoDB adapters. */
import { expect, it } from 'vitest';
import type { Certificate } from '#shared/domain/certificate';
import type { CertificateStore } from '#shared/ports/certificate-store';

function certificate(number: string, volunteerId: string, issuedAt: string): Certificate {
  return {
    number,
    volunteerId,
    person: { name: '王小明' },
    period: { from: '2026-01-01', to: '2026-06-30' },
    services: [{ date: '2026-03-01', requestId: 'r1', activity: '小家电维修', place: '科大社区', team: '维修队', hours: 2 }],
    totalHours: 2,
    issuer: { organization: '中心', personInCharge: '李', contact: '0538-1234567' },
    issuedAt,
    issuedBy: { id: 's1', name: 'center-admin' },
  };
}

export function certificateStoreContract(store: () => CertificateStore, prefix: string) {
  it('hands out each sequence number once under concurrency', async () => {
    const year = `9${prefix.slice(0, 3).padEnd(3, '0')}`;
    const numbers = await Promise.all(Array.from({ length: 20 }, () => store().nextSequence(year)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('writes a number once, revokes once, keeps the rest as issued, and lists a person’s newest first', async () => {
    const person = `${prefix}-person`;
    const first = certificate(`${prefix}-1`, person, '2026-07-01T00:00:00.000Z');
    const second = certificate(`${prefix}-2`, person, '2026-08-01T00:00:00.000Z');
    expect(await store().issue(first)).toBe('issued');
    expect(await store().issue({ ...first, totalHours: 99 })).toBe('number-taken');
    expect(await store().issue(second)).toBe('issued');
    expect(await store().get(first.number)).toEqual(first);
    const revocation = { at: '2026-09-01T00:00:00.000Z', by: { id: 's2', name: 'x' }, reason: '有误' };
    const outcomes = await Promise.all([
      store().revoke(first.number, revocation),
      store().revoke(first.number, { ...revocation, reason: '再次' }),
    ]);
    expect(outcomes.sort()).toEqual(['already-revoked', 'revoked']);
    const revoked = await store().get(first.number);
    const { revocation: added, ...rest } = revoked!;
    expect(rest).toEqual(first);
    expect(['有误', '再次']).toContain(added!.reason);
    expect(await store().revoke(`${prefix}-none`, revocation)).toBe('not-found');
    expect((await store().listFor(person)).map((c) => c.number)).toEqual([second.number, first.number]);
    expect(await store().listFor(`${prefix}-nobody`)).toEqual([]);
  });

  it('marks a certified request corrected once, beside the certificate as issued, whatever runs at once', async () => {
    const issued = certificate(`${prefix}-m`, `${prefix}-marked`, '2026-07-01T00:00:00.000Z');
    await store().issue(issued);
    const outcomes = await Promise.all([
      store().markCorrected(issued.number, 'r1', { at: '2026-08-01T00:00:00.000Z', hours: 0 }),
      store().markCorrected(issued.number, 'r1', { at: '2026-08-02T00:00:00.000Z', hours: 1 }),
    ]);
    expect(outcomes.sort()).toEqual(['already-marked', 'marked']);
    expect(await store().markCorrected(issued.number, 'r2', { at: '2026-08-03T00:00:00.000Z', hours: 1.5 })).toBe('marked');
    const { corrected, ...rest } = (await store().get(issued.number))!;
    expect(rest).toEqual(issued);
    expect(Object.keys(corrected!).sort()).toEqual(['r1', 'r2']);
    expect([0, 1]).toContain(corrected!.r1!.hours);
    expect(corrected!.r2).toEqual({ at: '2026-08-03T00:00:00.000Z', hours: 1.5 });
    expect(await store().markCorrected(`${prefix}-none`, 'r1', { at: '2026-08-01T00:00:00.000Z', hours: 0 })).toBe('not-found');
    expect(await store().get(`${prefix}-none`)).toBeUndefined();
  });
}
