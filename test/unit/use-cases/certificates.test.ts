import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { NotFoundError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { OWN_CLAIM } from '#shared/domain/wish';
import { certificateFont } from '#shared/pdf/certificate-font';
import { certificateForStaff, issueCertificate } from '#shared/use-cases/certificates';
import { serviceRecords } from '#shared/use-cases/service-records';
import { reopenedFixture, requestFixture } from '../../support/fixtures';

const KEDA = '370902003009';
const center = (areaId?: string): Staff => ({ id: `c-${areaId ?? 'all'}`, name: 'center', role: 'center', ...(areaId ? { areaId } : {}) });
const issue = { from: '2026-01-01', to: '2026-12-04', organization: '泰山区志愿服务中心', personInCharge: '李', contact: '0538-1234567' };

async function served() {
  const deps = memoryDeps({ clock: { now: () => new Date('2026-12-05T02:00:00Z') } });
  await deps.volunteers.register({
    id: 'certunit000000000001',
    name: '王小明',
    phone: '+8613900000001',
    homeAreaId: KEDA,
    registeredAt: '2026-01-01T00:00:00Z',
    registeredBy: { kind: 'self' },
  });
  const request = requestFixture({ status: 'CLOSED', completion: { completedAt: '2026-11-20T02:00:00Z', hours: [] } });
  await deps.requests.create({ request, events: [], outbox: [] });
  await deps.credits.post({
    volunteerKey: 'person#certunit000000000001',
    requestId: request.id,
    teamId: 't',
    minutes: 120,
    hours: 2,
    points: 0.5,
    at: '2026-11-20T03:00:00Z',
  });
  return deps;
}

describe('certificates belong to the area that issued them (谁记录谁证明)', () => {
  it('are seen by that area’s center admins and those above it, not by one below or beside it', async () => {
    const deps = await served();
    const made = await issueCertificate(deps, center('370902'), 'certunit000000000001', issue);
    expect(made).toMatchObject({ issuerAreaId: '370902', totalHours: 2 });
    for (const who of [center('370902'), center('3709'), center()])
      expect((await certificateForStaff(deps, who, made.number)).number).toBe(made.number);
    for (const who of [center(KEDA), center('370911')])
      await expect(certificateForStaff(deps, who, made.number)).rejects.toBeInstanceOf(NotFoundError);
    // One the deployment's own admin issued is theirs alone.
    const own = await issueCertificate(deps, center(), 'certunit000000000001', issue);
    expect(own.issuerAreaId).toBeUndefined();
    await expect(certificateForStaff(deps, center('3709'), own.number)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('leave out what was credited before the period', async () => {
    const deps = await served();
    await expect(issueCertificate(deps, center('370902'), 'certunit000000000001', { ...issue, from: '2026-11-21' })).rejects.toMatchObject({
      issues: [{ field: 'from' }],
    });
  });
});

describe('a wish the volunteer claimed themselves', () => {
  it('names 个人认领（微心愿） as the organizer on the certificate, where no team organized it', async () => {
    const deps = await served();
    const person = 'certunit000000000001';
    const claim = { claimer: { kind: 'volunteer' as const, id: person, name: '王小明' }, claimedAt: '2026-11-01T02:00:00Z' };
    const request = requestFixture({
      status: 'CLOSED',
      serviceCode: 'micro-wish',
      claim: { ...claim, deadline: '2026-11-08T02:00:00Z', remindAt: '2026-11-07T02:00:00Z' },
      completion: { completedAt: '2026-11-02T02:00:00Z', hours: [{ volunteer: '王小明', volunteerId: person, minutes: 60 }] },
    });
    await deps.requests.create({ request, events: [], outbox: [] });
    const line = { volunteerKey: `person#${person}`, requestId: request.id, minutes: 60, hours: 1, points: 0.25 };
    await deps.credits.post({ ...line, at: '2026-11-03T02:00:00Z' });
    const made = await issueCertificate(deps, center('370902'), person, issue);
    expect(made.services.map((s) => [s.date, s.team])).toEqual([
      ['2026-11-02', '个人认领（微心愿）'],
      ['2026-11-20', 't'],
    ]);
    // The PDF's cut font prints it.
    for (const c of OWN_CLAIM.zh) expect(certificateFont().glyphOf(c.codePointAt(0)!), c).not.toBe(0);
  });

  it('names the same organizer on the service records, as the certificate does', async () => {
    const deps = await served();
    const person = 'certunit000000000001';
    const request = requestFixture({
      status: 'CLOSED',
      serviceCode: 'micro-wish',
      createdAt: '2026-10-30T02:00:00Z',
      claim: {
        claimer: { kind: 'volunteer', id: person, name: '王小明' },
        claimedAt: '2026-11-01T02:00:00Z',
        deadline: '2026-11-08T02:00:00Z',
        remindAt: '2026-11-07T02:00:00Z',
      },
      completion: { completedAt: '2026-11-02T02:00:00Z', hours: [{ volunteer: '王小明', volunteerId: person, minutes: 60 }] },
    });
    await deps.requests.create({ request, events: [], outbox: [] });
    await deps.credits.post({
      volunteerKey: `person#${person}`,
      requestId: request.id,
      minutes: 60,
      hours: 1,
      points: 0.25,
      at: '2026-11-03T02:00:00Z',
    });
    const { records } = await serviceRecords(deps, center('370902'), { from: '2026-11-01', to: '2026-11-05' });
    expect(records.map((r) => [r.recordId, r.organization])).toEqual([[`${request.id}-${person}`, '个人认领（微心愿）']]);
  });
});

describe('a reopened request on the records', () => {
  /** 王小明 served on the first visit, by 第一队; the request was reopened and 第二队 served the second without him. */
  async function reopenedAndClosed() {
    const deps = await served();
    const request = reopenedFixture(
      { volunteerId: 'certunit000000000001', team: { id: 'first-team', name: '第一队' }, completedAt: '2026-11-10T02:00:00Z' },
      { team: { id: 'second-team', name: '第二队' }, completedAt: '2026-11-20T02:00:00Z' },
      { createdAt: '2026-11-05T02:00:00Z' },
    );
    await deps.requests.create({ request, events: [], outbox: [] });
    await deps.credits.post({
      volunteerKey: 'person#certunit000000000001',
      requestId: request.id,
      teamId: 'first-team',
      minutes: 120,
      hours: 2,
      points: 0.5,
      at: '2026-11-20T03:00:00Z',
    });
    return { deps, request };
  }

  it('certifies the person’s service on the day and with the team of their own visit', async () => {
    const { deps, request } = await reopenedAndClosed();
    const made = await issueCertificate(deps, center('370902'), 'certunit000000000001', { ...issue, from: '2026-11-10', to: '2026-11-15' });
    expect(made.services).toEqual([expect.objectContaining({ date: '2026-11-10', requestId: request.id, team: '第一队', hours: 2 })]);
  });

  it('exports a row for the person of the first visit, dated and organized as it was', async () => {
    const { deps, request } = await reopenedAndClosed();
    const { records } = await serviceRecords(deps, center('370902'), { from: '2026-11-01', to: '2026-11-30' });
    expect(records).toEqual([
      expect.objectContaining({ recordId: `${request.id}-certunit000000000001`, date: '2026-11-10', organization: '第一队', hours: 2 }),
    ]);
  });
});
