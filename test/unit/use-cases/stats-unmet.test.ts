import { expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import type { RequestFact } from '#shared/domain/request-fact';
import type { Staff } from '#shared/domain/staff';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { statsCsv } from '#shared/http/stats-csv';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';
import { countFacts } from '../../support/count-facts';
import { KEDA } from '../../support/fixtures';

const at = (hhmm: string, day: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const center: Staff = { id: 'c', name: 'center', role: 'center' };

function facts(requestId: string, serviceCode: string, steps: ReadonlyArray<Pick<RequestFact, 'from' | 'to' | 'at'>>): RequestFact[] {
  const base = {
    requestId,
    serviceCode,
    areaId: KEDA,
    urgency: 'normal' as const,
    channel: 'web' as const,
    createdAt: at('10:00', '2026-12-01'),
    clockStart: at('10:00', '2026-12-01'),
  };
  return [{ ...base, version: 1, at: base.createdAt, to: 'SUBMITTED' }, ...steps.map((step, i) => ({ ...base, version: i + 2, ...step }))];
}

const escalated = (requestId: string, serviceCode: string) =>
  facts(requestId, serviceCode, [
    { from: 'SUBMITTED', to: 'WAITING', at: at('10:00', '2026-12-01') },
    { from: 'WAITING', to: 'ESCALATED', at: at('10:00', '2026-12-02') },
  ]);

it('counts a request the center rejected as unmet demand (nothing escalated expires by itself), and asks for volunteers for it first', async () => {
  const mem = memoryDeps({ clock: { now: () => new Date(at('18:00', '2026-12-10')) }, services: demoServices, areas: demoAreas });
  await countFacts(mem, [
    // With the center past its time limit, rejected there: no team could be found.
    ...escalated('r1', 'appliance-repair'),
    { ...escalated('r1', 'appliance-repair')[0]!, version: 4, from: 'ESCALATED', to: 'REJECTED', at: at('09:00', '2026-12-06') },
    // Rejected by staff before it went to the center (not a request for volunteers): not unmet.
    ...facts('r2', 'appliance-repair', [{ from: 'SUBMITTED', to: 'REJECTED', at: at('10:05', '2026-12-01') }]),
    // Two of another service went to the center and are still there.
    ...escalated('r3', 'elderly-visit'),
    ...escalated('r4', 'elderly-visit'),
  ]);
  const report = await statsDashboard(mem, center, { area: KEDA, from: '2026-12-01', to: '2026-12-10' });
  expect(report.totals).toMatchObject({ requests: 4, expired: 0, rejected: 2, unmet: 1, escalated: 3 });
  expect(report.byService.find((s) => s.serviceCode === 'appliance-repair')).toMatchObject({ unmet: 1, rejected: 2 });
  // Unmet demand first, then the ones still waiting with the center.
  expect(report.recruitmentHints).toMatchObject([
    { areaId: KEDA, serviceCode: 'appliance-repair', expired: 0, unmet: 1, escalated: 1 },
    { areaId: KEDA, serviceCode: 'elderly-visit', expired: 0, unmet: 0, escalated: 2 },
  ]);
  // The CSV has the column too (after the older columns, which keep their places).
  const csv = statsCsv(await statsExport(mem, center, { area: KEDA, from: '2026-12-01', to: '2026-12-10' }));
  const [header, ...rows] = csv.replace(/^\uFEFF/, '').split('\r\n');
  const names = header!.split(',');
  expect(names).toContain('unmet');
  const cells = (service: string) => {
    const row = rows.find((r) => r.split(',')[names.indexOf('service_code')] === service)!.split(',');
    return Object.fromEntries(names.map((name, i) => [name, row[i]]));
  };
  expect(cells('appliance-repair')).toMatchObject({ expired: '0', unmet: '1', rejected: '2' });
  expect(cells('elderly-visit')).toMatchObject({ expired: '0', unmet: '0', escalated: '2' });
});
