import { expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { escalate, expire, offerTo, release } from '#shared/domain/offer-lifecycle';
import { factOf, type RequestFact } from '#shared/domain/request-fact';
import type { Transition } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { statsCsv } from '#shared/http/stats-csv';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';
import { countFacts } from '../../support/count-facts';
import { KEDA, requestFixture, teamFixture } from '../../support/fixtures';

const at = (hhmm: string, day: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const center: Staff = { id: 'c', name: 'center', role: 'center' };
const wish = demoServices.find((s) => s.kind === 'micro-wish')!.code;

function wishFacts(requestId: string, steps: ReadonlyArray<Pick<RequestFact, 'from' | 'to' | 'at'>>): RequestFact[] {
  const base = {
    requestId,
    serviceCode: wish,
    areaId: KEDA,
    urgency: 'normal' as const,
    channel: 'web' as const,
    createdAt: at('10:00', '2026-11-29'),
    clockStart: at('10:00', '2026-11-29'),
  };
  return [{ ...base, version: 1, at: base.createdAt, to: 'SUBMITTED' }, ...steps.map((step, i) => ({ ...base, version: i + 2, ...step }))];
}

it('counts a wish the station never reviewed apart from unmet demand, and asks for no volunteers for it', async () => {
  const mem = memoryDeps({ clock: { now: () => new Date(at('18:00', '2026-12-06')) }, services: demoServices, areas: demoAreas });
  await countFacts(mem, [
    ...wishFacts('w1', [
      { from: 'SUBMITTED', to: 'REVIEW', at: at('10:00', '2026-11-29') },
      { from: 'REVIEW', to: 'EXPIRED', at: at('10:00', '2026-12-06') },
    ]),
  ]);
  const query = { area: KEDA, from: '2026-11-29', to: '2026-12-06' };
  const report = await statsDashboard(mem, center, query);
  expect(report.totals.expired).toBe(0);
  expect(report.totals.wishes).toMatchObject({ published: 0, unreviewed: 1 });
  expect(report.byMonth.map((m) => m.expired)).toEqual([0, 0]);
  expect(report.recruitmentHints).toEqual([]);
  const csv = statsCsv(await statsExport(mem, center, query));
  const [header, row] = csv.replace(/^\uFEFF/, '').split('\r\n');
  const cells = Object.fromEntries(header!.split(',').map((name, i) => [name, row!.split(',')[i]]));
  expect(cells).toMatchObject({ expired: '0', wishes_unreviewed: '1' });
});

it('still counts a wish that expired on the wall, unclaimed, as unmet demand', async () => {
  const mem = memoryDeps({ clock: { now: () => new Date(at('18:00', '2026-12-06')) }, services: demoServices, areas: demoAreas });
  await countFacts(mem, [
    ...wishFacts('w2', [
      { from: 'SUBMITTED', to: 'REVIEW', at: at('10:00', '2026-11-29') },
      { from: 'REVIEW', to: 'PUBLISHED', at: at('11:00', '2026-11-29') },
      { from: 'PUBLISHED', to: 'EXPIRED', at: at('11:00', '2026-12-06') },
    ]),
  ]);
  const report = await statsDashboard(mem, center, { area: KEDA, from: '2026-11-29', to: '2026-12-06' });
  expect(report.totals.expired).toBe(1);
  expect(report.totals.wishes).toMatchObject({ published: 1, unreviewed: 0 });
  expect(report.recruitmentHints).toMatchObject([{ areaId: KEDA, serviceCode: wish, expired: 1, escalated: 0 }]);
});

it('counts as unmet demand an assign-then-claim request no team took that expired in review, and asks for volunteers', async () => {
  const service = { ...demoServices.find((s) => s.code === 'appliance-repair')!, dispatch: { mode: 'assign-then-claim' as const } };
  const services = demoServices.map((s) => (s.code === service.code ? service : s));
  const mem = memoryDeps({ clock: { now: () => new Date(at('18:00', '2026-12-20')) }, services, areas: demoAreas });
  const team = {
    team: { ...teamFixture('t1', { servesAreaId: '370902003' }), active: 0 },
    proximity: 0,
    freeRatio: 1,
    belowFairShare: true,
  };
  let request = requestFixture({ createdAt: at('10:00', '2026-11-29'), updatedAt: at('10:00', '2026-11-29') });
  const facts: RequestFact[] = [factOf(undefined, request)];
  const step = ({ after, event }: Transition) => {
    facts.push(factOf(request, after, event));
    request = after;
  };
  step(offerTo(request, { ...team, reason: { zh: 'r', en: 'r' } }, new Date(at('10:01', '2026-11-29')), service));
  step(release(request, 'declined', new Date(at('10:02', '2026-11-29')), service, 'busy'));
  // Nobody else took it: to the station's review for the wall, where it expired.
  step(escalate(request, new Date(at('10:00', '2026-11-30')), service));
  expect(request.status).toBe('REVIEW');
  step(expire(request, new Date(at('10:00', '2026-12-10'))));
  await countFacts(mem, facts);
  const report = await statsDashboard(mem, center, { area: KEDA, from: '2026-11-29', to: '2026-12-15' });
  expect(report.totals.expired).toBe(1);
  expect(report.totals.wishes.unreviewed).toBe(0);
  expect(report.recruitmentHints).toMatchObject([{ areaId: KEDA, serviceCode: service.code, expired: 1 }]);
});
