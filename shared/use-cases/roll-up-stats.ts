/**
 * The statistics' monthly roll-ups, run on a schedule (`roll-up-stats`, after the fold of the
 * days): every area's months once they are over and folded, and the months listed as stale (a
 * fact came late for them before facts were stored). An area is visited only when the
 * area above it had counters in the month (every fact counts in its area and each one above, up
 * to the district), so a city's quiet communities cost nothing: the places are read a level at a
 * time under the areas that had some, never the whole table.
 */
import { ancestorAt, levelOf } from '#shared/domain/area';
import { keepsCounters } from '#shared/domain/stats';
import { addDays, addMonths, statsDay } from '#shared/domain/stats-calendar';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import type { RollUpOutcome, StatsRollUps } from '#shared/ports/stats-counters';
import { inBatches } from './in-batches';

export interface RollUpStatsDeps {
  readonly rollUps: StatsRollUps;
  readonly areas: Pick<AreaRepository, 'childrenOf'>;
  readonly clock: Clock;
}

/**
 * How long a month must have been over (Shanghai) before it is rolled up: a fact counted as its
 * month's own just before midnight is committed within its function's timeout, far less than this.
 */
export const ROLL_UP_GRACE_MS = 3600_000;
/** A first run rolls up this many months: the longest period staff can ask for (366 days) touches 13. */
export const ROLL_UP_MONTHS_BACK = 13;
/** Areas rolled up at once. */
const CONCURRENCY = 8;

export interface RollUpReport {
  /** The months every area was rolled up for in this run, oldest first. */
  readonly months: readonly string[];
  /** `<areaId>|<month>` rolled up again because a fact came late for it. */
  readonly stale: readonly string[];
  /** Area months (service and team counters apart) by what rolling them up did. */
  readonly outcomes: Readonly<Record<RollUpOutcome, number>>;
  /** `<areaId>|<month>` left to be read day by day (too large) or to the next run (contended). */
  readonly leftOver: readonly string[];
}

export async function rollUpStats(deps: RollUpStatsDeps): Promise<RollUpReport> {
  const progress = await deps.rollUps.progress();
  // A month is rolled up once it has been over a while and each of its days is folded.
  const overByClock = addMonths(statsDay(new Date(deps.clock.now().getTime() - ROLL_UP_GRACE_MS)).slice(0, 7), -1);
  const folded = progress.foldedThrough && addMonths(addDays(progress.foldedThrough, 1).slice(0, 7), -1);
  const lastOver = folded && folded < overByClock ? folded : overByClock;
  const earliest = addMonths(lastOver, -(ROLL_UP_MONTHS_BACK - 1));
  const next = progress.through ? addMonths(progress.through, 1) : earliest;
  const months: string[] = [];
  if (folded) for (let m = next > earliest ? next : earliest; m <= lastOver; m = addMonths(m, 1)) months.push(m);
  const outcomes: Record<RollUpOutcome, number> = { rolled: 0, current: 0, empty: 0, 'too-large': 0, contended: 0 };
  const leftOver: string[] = [];
  const contended: string[] = [];
  const rollUp = async (areaId: string, month: string) => {
    const done = await deps.rollUps.rollUp(areaId, month);
    for (const outcome of [done.service, done.team]) {
      outcomes[outcome]++;
      if (outcome === 'too-large' || outcome === 'contended') leftOver.push(`${areaId}|${month}`);
      if (outcome === 'contended') contended.push(`${areaId}|${month}`);
    }
    return done.service !== 'empty' || done.team !== 'empty';
  };

  if (months.length > 0) {
    // A level at a time, each area's children read once in the run (whatever the months).
    const read = new Map<string, Promise<string[]>>();
    const childrenOf = (id?: string) => {
      const key = id ?? '';
      if (!read.has(key)) read.set(key, nextLevel(deps.areas, id));
      return read.get(key)!;
    };
    for (const month of months) {
      let level = await childrenOf();
      while (level.length > 0) {
        // A city or province keeps no counters (`countingAreas`): what is within it is visited as if it had some.
        const active = await inBatches(level, CONCURRENCY, (id) => (keepsCounters(id) ? rollUp(id, month) : Promise.resolve(true)));
        level = (
          await inBatches(
            level.filter((_, i) => active[i]),
            CONCURRENCY,
            childrenOf,
          )
        ).flat();
      }
      await deps.rollUps.rolledThrough(month);
    }
  }

  // Taken off the list first: a fact that comes late again while its month is rolled up puts it
  // back. What could not be rolled up goes back on it, for the next run.
  const stale = progress.stale.filter((entry) => (entry.split('|')[1] ?? '') <= lastOver);
  await deps.rollUps.unmarkStale(stale);
  const failed: string[] = [];
  await inBatches(stale, CONCURRENCY, async (entry) => {
    const [areaId = '', month = ''] = entry.split('|');
    await rollUp(areaId, month).catch(() => failed.push(entry));
  });
  await deps.rollUps.markStale([...new Set([...contended, ...failed])]);
  if (failed.length > 0) throw new Error(`${failed.length} stale months could not be rolled up; they stay on the list`);
  return { months, stale, outcomes, leftOver };
}

/**
 * The ids one level below an area (the top ones when absent), as the roll-up walks them. A
 * district the table leaves out (a city without counties, as 东莞) still has counters: its
 * streets' facts count in it (`countingAreas`), so above the district the level read is walked
 * through the districts its areas' codes name (4419's towns through `441900`, whose children they
 * then are).
 */
async function nextLevel(areas: RollUpStatsDeps['areas'], id: string | undefined): Promise<string[]> {
  if (id !== undefined && levelOf(id) === 'community') return [];
  const ids = (await areas.childrenOf(id)).map((a) => a.id);
  return id !== undefined && keepsCounters(id) ? ids : [...new Set(ids.map((child) => ancestorAt(child, 'district') ?? child))];
}
