/**
 * A city without counties (东莞 4419, 中山 4420, 儋州 4604, 嘉峪关 6202): its towns sit straight
 * under the city in the division table, no area at district level exists, and their requests are
 * kept under the district their codes name (`441900`). Real rows of the 2023 table.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { areaFromTable } from '#shared/domain/area-import';
import type { RequestFact } from '#shared/domain/request-fact';
import type { Staff } from '#shared/domain/staff';
import { TABLE_YEAR } from '#shared/seed/area-table';
import { demoServices } from '#shared/seed/menu';
import { listAreas } from '#shared/use-cases/admin-areas';
import { listRequests } from '#shared/use-cases/admin-requests';
import { browseAreas } from '#shared/use-cases/browse-reference-data';
import { statsDashboard } from '#shared/use-cases/needs-statistics';
import { postCredits } from '#shared/use-cases/post-credits';
import { countFacts } from '../../support/count-facts';
import { serviceRecords } from '#shared/use-cases/service-records';
import { wishesForReview } from '#shared/use-cases/wish-review';
import { requestFixture } from '../../support/fixtures';

const dongguanAreas = [
  { code: '440000000000', officialName: '广东省' },
  { code: '441900000000', officialName: '东莞市' },
  { code: '441900003000', officialName: '东城街道' },
  { code: '441900003001', officialName: '岗贝社区居民委员会' },
].map((row) => areaFromTable(row, TABLE_YEAR));
const GANGBEI = '441900003001';

const center = (areaId?: string): Staff => ({ id: `c-${areaId ?? 'all'}`, name: 'center', role: 'center', ...(areaId ? { areaId } : {}) });
const station: Staff = { id: 's', name: 'station', role: 'station', areaId: GANGBEI };
/** The city's center admins, the deployment's, and a station under the town (which always found its district). */
const staffOfDongguan = [center('4419'), center('44'), center(), station];

let mem: MemoryDeps;

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => new Date('2026-12-05T02:00:00Z') }, services: demoServices, areas: dongguanAreas });
});

describe('a city without counties (东莞)', () => {
  it('lists its requests to staff of the city, the province and the deployment', async () => {
    const request = requestFixture({ areaId: GANGBEI, createdAt: '2026-11-20T01:00:00Z', updatedAt: '2026-11-20T01:00:00Z' });
    await mem.requests.create({ request, events: [], outbox: [] });
    for (const staff of staffOfDongguan) {
      const { requests } = await listRequests(mem, staff, {});
      expect(
        requests.map((r) => r.id),
        staff.id,
      ).toEqual([request.id]);
    }
    expect((await listRequests(mem, center(), { area: '441900003' })).requests.map((r) => r.id)).toEqual([request.id]);
  });

  it("queues its wishes for review by the city's center admins and the deployment's", async () => {
    const wish = requestFixture({ areaId: GANGBEI, status: 'REVIEW', serviceCode: 'elderly-visit', description: '想要一副老花镜' });
    await mem.requests.create({ request: wish, events: [], outbox: [] });
    for (const staff of staffOfDongguan) {
      expect(
        (await wishesForReview(mem, staff)).map((w) => [w.id, w.place]),
        staff.id,
      ).toEqual([[wish.id, '东城街道岗贝社区']]);
    }
  });

  it('exports the service records of its volunteers', async () => {
    const volunteerId = 'dongguan000000000001';
    await mem.volunteers.register({
      id: volunteerId,
      name: '陈小东',
      phone: '+8613900000002',
      homeAreaId: GANGBEI,
      registeredAt: '2026-01-01T00:00:00Z',
      registeredBy: { kind: 'self' },
    });
    const request = requestFixture({
      areaId: GANGBEI,
      status: 'CLOSED',
      creditsPending: true,
      createdAt: '2026-11-19T01:00:00Z',
      assignedTeam: { id: 'gangbei-team', name: '岗贝志愿服务队' },
      completion: { completedAt: '2026-11-20T02:00:00Z', hours: [{ volunteer: '陈小东', volunteerId, minutes: 120 }] },
    });
    await mem.requests.create({ request, events: [], outbox: [] });
    expect(await postCredits(mem, request)).toBe(1);
    for (const staff of [center('4419'), center('44'), center()]) {
      const { records } = await serviceRecords(mem, staff, { from: '2026-11-01', to: '2026-12-04' });
      expect(
        records.map((r) => [r.name, r.date, r.place, r.hours]),
        staff.id,
      ).toEqual([['陈小东', '2026-11-20', '东城街道岗贝社区', 2]]);
    }
  });

  it("shows its towns as the city's child areas on the dashboard, named without the missing district", async () => {
    const createdAt = '2026-11-20T01:00:00.000Z';
    const base = {
      requestId: 'dg-1',
      serviceCode: 'elderly-visit',
      areaId: GANGBEI,
      urgency: 'normal',
      channel: 'api',
      createdAt,
    } as const;
    const steps = ['SUBMITTED', 'WAITING', 'ESCALATED', 'EXPIRED'] as const;
    const facts = steps.map(
      (to, i): RequestFact => ({
        ...base,
        clockStart: createdAt,
        version: i + 1,
        at: createdAt,
        to,
        ...(i > 0 ? { from: steps[i - 1] } : {}),
      }),
    );
    await countFacts(mem, facts);
    const city = await statsDashboard(mem, center('4419'), { from: '2026-11-01', to: '2026-11-30' });
    expect(city.totals.requests).toBe(1);
    expect(city.byChildArea.map((a) => [a.id, a.requests])).toEqual([['441900003', 1]]);
    expect(city.recruitmentHints.map((h) => h.zh)).toEqual([expect.stringMatching(/: 东城街道$/)]);
  });

  it("lists its towns as the city's children, in the public listing and to its admins", async () => {
    expect((await browseAreas(mem.areas, {})).map((a) => a.id)).toEqual(['44']);
    expect((await browseAreas(mem.areas, { within: '4419' })).map((a) => a.id)).toEqual(['441900003']);
    expect((await listAreas(mem, center('4419'))).children.map((a) => a.id)).toEqual(['441900003']);
  });
});
