/** The retention rule's walk over district months: what it anonymises, where its progress stays, its budget. */
import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { anonymisedLater } from '#shared/domain/retention';
import type { ServiceRequest } from '#shared/domain/service-request';
import { orderMonth } from '#shared/domain/team';
import type { RequestRetention, RetentionEntry } from '#shared/ports/request-retention';
import { demoAreas } from '#shared/seed/areas';
import { applyRetention, FIRST_RUN_MONTHS } from '#shared/use-cases/apply-retention';
import { KEDA, requestFixture } from '../../support/fixtures';

const now = new Date('2026-12-07T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** The port over the memory requests: a district month's entries, the writes, the progress. */
function retentionOver(stored: () => ServiceRequest[], write: (after: ServiceRequest) => void) {
  let month: string | undefined;
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
    progress: async () => month,
    setProgress: async (m) => {
      month = m;
    },
  };
  return port;
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
    expect(await deps.retention.progress()).toBe(report.from);
  });

  it('starts a first run three years back, and stops at its budget keeping what it did', async () => {
    expect(FIRST_RUN_MONTHS).toBe(36);
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
    expect(await deps.retention.progress()).toBeUndefined();
  });
});
