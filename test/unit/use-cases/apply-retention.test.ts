/** The retention rule's walk over district months: what it anonymises, where its progress stays, its budget. */
import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { anonymisedLater } from '#shared/domain/retention';
import type { ServiceRequest } from '#shared/domain/service-request';
import { orderMonth } from '#shared/domain/team';
import type { RequestRetention, RetentionEntry, RetentionProgress } from '#shared/ports/request-retention';
import { demoAreas } from '#shared/seed/areas';
import { applyRetention } from '#shared/use-cases/apply-retention';
import { KEDA, requestFixture } from '../../support/fixtures';

const now = new Date('2026-12-07T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** The port over the memory requests: a district month's entries, the writes, the progress, the creation months a request a page. */
function retentionOver(stored: () => ServiceRequest[], write: (after: ServiceRequest) => void) {
  let progress: RetentionProgress = {};
  const pagesRead: Array<string | undefined> = [];
  const port: RequestRetention = {
    createdIn: async (districtId, m) => ({
      entries: stored()
        .filter((r) => r.areaId.startsWith(districtId) && orderMonth(new Date(r.createdAt)) === m)
        .map(
          (r): RetentionEntry => ({
            id: r.id,
            status: r.status,
            updatedAt: r.updatedAt,
            ...(r.anonymisedAt ? { anonymisedAt: r.anonymisedAt } : {}),
          }),
        ),
    }),
    replace: async (_before, after) => write(after),
    progress: async () => progress,
    setProgress: async (p) => {
      progress = p;
    },
    oldestCreated: async (cursor) => {
      pagesRead.push(cursor);
      const all = stored();
      const at = cursor ? Number(cursor) : 0;
      const oldest = all[at] ? { oldest: orderMonth(new Date(all[at].createdAt)) } : {};
      return { ...oldest, ...(at + 1 < all.length ? { cursor: String(at + 1) } : {}) };
    },
  };
  return Object.assign(port, { pagesRead });
}

async function setUp(requests: ServiceRequest[]) {
  const deps = memoryDeps({ clock: { now: () => now }, areas: demoAreas });
  const byId = new Map(requests.map((r) => [r.id, r]));
  for (const request of requests) await deps.requests.create({ request, events: [], outbox: [] });
  // The writes land in `byId`, which the listing reads: the memory store keeps the request as first stored.
  const retention = retentionOver(
    () => [...byId.values()],
    (after) => byId.set(after.id, after),
  );
  return { deps: { ...deps, retention }, byId };
}

describe('applyRetention', () => {
  it('anonymises what ended before the period; its progress passes whole months done and stops at one still holding an open request', async () => {
    const oldMonth = requestFixture({ areaId: KEDA, status: 'CLOSED', createdAt: daysAgo(300), updatedAt: daysAgo(290) });
    const pinned = requestFixture({ areaId: KEDA, status: 'ACCEPTED', createdAt: daysAgo(250), updatedAt: daysAgo(240) });
    const besidePinned = requestFixture({ areaId: KEDA, status: 'EXPIRED', createdAt: pinned.createdAt, updatedAt: daysAgo(240) });
    const { deps, byId } = await setUp([oldMonth, pinned, besidePinned]);
    const report = await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 100 });
    expect(report).toMatchObject({ anonymised: 2, failures: [], stoppedAtBudget: false, from: orderMonth(new Date(pinned.createdAt)) });
    expect(byId.get(oldMonth.id)!.anonymisedAt).toBe(now.toISOString());
    expect(byId.get(besidePinned.id)!.anonymisedAt).toBe(now.toISOString());
    expect(anonymisedLater(byId.get(pinned.id)!, daysAgo(180))).toBe(true);
    expect((await deps.retention.progress()).month).toBe(report.from);
  });

  it('walks a first run from the table’s oldest request, however old: one ended 40 months ago is anonymised (review of session 27)', async () => {
    const ancient = requestFixture({ areaId: KEDA, status: 'CLOSED', createdAt: daysAgo(1240), updatedAt: daysAgo(1220) });
    const newer = requestFixture({ areaId: KEDA, status: 'CLOSED', createdAt: daysAgo(300), updatedAt: daysAgo(290) });
    const { deps, byId } = await setUp([newer, ancient]);
    const report = await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 10 });
    expect(report).toMatchObject({ anonymised: 2, stoppedAtBudget: false });
    expect(byId.get(ancient.id)!.anonymisedAt).toBe(now.toISOString());
    const firstMonth = orderMonth(new Date(ancient.createdAt));
    expect(await deps.retention.progress()).toEqual({ month: report.from, firstMonth });
    // Found once: the next run reads no creation month again.
    const pages = deps.retention.pagesRead.length;
    await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 10 });
    expect(deps.retention.pagesRead).toHaveLength(pages);
  });

  it('after an upgrade, walks back from the first month below the progress an older version left (it started 36 months back)', async () => {
    const ancient = requestFixture({ areaId: KEDA, status: 'EXPIRED', createdAt: daysAgo(1240), updatedAt: daysAgo(1230) });
    const { deps, byId } = await setUp([ancient]);
    await deps.retention.setProgress({ month: orderMonth(new Date(daysAgo(200))) });
    expect(await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 10 })).toMatchObject({ anonymised: 1 });
    expect(byId.get(ancient.id)!.anonymisedAt).toBe(now.toISOString());
  });

  it('keeps where its search for the first month got to when out of time, and goes on from there', async () => {
    const requests = [1240, 1100, 900].map((d) =>
      requestFixture({ areaId: KEDA, status: 'CLOSED', createdAt: daysAgo(d), updatedAt: daysAgo(d - 10) }),
    );
    const { deps, byId } = await setUp(requests);
    // Each read of the clock moves it on a minute: the budget of 2 minutes reads a page or two.
    let ticks = 0;
    const ticking = { ...deps, clock: { now: () => new Date(now.getTime() + 60_000 * ticks++) } };
    const stopped = await applyRetention(ticking, { days: 180, budgetMs: 120_000, limit: 10 });
    expect(stopped).toEqual({ anonymised: 0, failures: [], stoppedAtBudget: true });
    expect((await deps.retention.progress()).search).toEqual({ cursor: expect.any(String), oldest: expect.any(String) });
    const done = await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 10 });
    expect(done).toMatchObject({ anonymised: 3, stoppedAtBudget: false });
    // Each page of the creation index read once in all.
    expect(deps.retention.pagesRead).toEqual([undefined, '1', '2']);
    expect(requests.every((r) => byId.get(r.id)!.anonymisedAt)).toBe(true);
    expect((await deps.retention.progress()).firstMonth).toBe(orderMonth(new Date(requests[0]!.createdAt)));
  });

  it('stops at its limit keeping what it did, and the next run goes on', async () => {
    const closed = requestFixture({ areaId: KEDA, status: 'CLOSED', createdAt: daysAgo(1000), updatedAt: daysAgo(990) });
    const { deps, byId } = await setUp([closed]);
    const stopped = await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 0 });
    expect(stopped).toMatchObject({ anonymised: 0, stoppedAtBudget: true });
    expect(byId.get(closed.id)!.anonymisedAt).toBeUndefined();
    const done = await applyRetention(deps, { days: 180, budgetMs: 60_000, limit: 10 });
    expect(done).toMatchObject({ anonymised: 1, stoppedAtBudget: false });
  });

  it('counts reading against its budget, not only writing: a run out of time stops before the next page', async () => {
    const open = requestFixture({ areaId: KEDA, status: 'WAITING', createdAt: daysAgo(400), updatedAt: daysAgo(400) });
    const { deps } = await setUp([open]);
    expect(await applyRetention(deps, { days: 180, budgetMs: 0, limit: 10 })).toMatchObject({ anonymised: 0, stoppedAtBudget: true });
    expect(await deps.retention.progress()).toEqual({});
  });
});
