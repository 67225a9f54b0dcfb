/**
 * The fold of the statistics, run on a schedule (`roll-up-stats`, before the monthly roll-ups):
 * each Shanghai day that has been over for `FOLD_GRACE_MS` has its counters set from its stored
 * facts, in order, and the progress records it. A fact is stored in its change's own write with
 * the change's time, so a day's facts are all there once it is over: folding a day is final, and
 * folding it again (a run that died halfway) writes the same.
 *
 * A day with a stored fact that does not parse is held: its counters are set from the facts that
 * do, but it is not marked folded, nor any day after it, so each run folds it again (and logs it,
 * `held`) until an operator repairs or deletes that fact (docs/operations.md). Marking it would
 * leave the fact uncounted for good, with one error line; meanwhile the dashboards read the days
 * not folded from their facts, the unreadable one left out.
 */
import { addDays, daysInPeriod, statsDay } from '#shared/domain/stats-calendar';
import type { Clock } from '#shared/ports/clock';
import type { StatsCounters, StatsRollUps } from '#shared/ports/stats-counters';
import { FACT_DAYS, type StatsFacts } from '#shared/ports/stats-facts';
import { talliesOf, type TallyDeps } from './tally-facts';

export interface FoldStatsDeps extends TallyDeps {
  readonly facts: Pick<StatsFacts, 'ofDayToFold' | 'adoptLegacy'>;
  readonly counters: Pick<StatsCounters, 'fold'>;
  readonly rollUps: Pick<StatsRollUps, 'progress' | 'foldedThrough' | 'markOutdated' | 'refolded'>;
  readonly clock: Clock;
}

/**
 * How long a day must have been over before it is folded: a change is committed within its
 * function's timeout of the time it records, far less than this.
 */
export const FOLD_GRACE_MS = 3600_000;

export interface FoldReport {
  /** The days folded in this run, oldest first. */
  readonly days: readonly string[];
  /**
   * Days folded again: a fact the version before stored facts left in the outbox was moved to one
   * (by this run, the relay, or a run that died before folding it: the progress notes it).
   */
  readonly refolded: readonly string[];
  /** Days never folded whose facts had expired (the fold had not run for `FACT_DAYS`). */
  readonly skipped: number;
  readonly facts: number;
  /** Counter items written. */
  readonly items: number;
  /** The day not marked folded, with the keys of its facts that do not parse: the run stopped there. */
  readonly held?: { readonly day: string; readonly unreadable: readonly string[] };
}

export async function foldStats(deps: FoldStatsDeps): Promise<FoldReport> {
  const now = deps.clock.now();
  const lastOver = addDays(statsDay(new Date(now.getTime() - FOLD_GRACE_MS)), -1);
  // Facts of the version before stored facts first, so that the days below find them.
  const adopted = await deps.facts.adoptLegacy();
  const { foldedThrough, through, refold = {} } = await deps.rollUps.progress();
  // Facts are kept FACT_DAYS: a first run (or one after a long outage) starts where they start.
  const oldestKept = addDays(statsDay(now), -(FACT_DAYS - 1));
  const next = foldedThrough ? addDays(foldedThrough, 1) : oldestKept;
  const skipped = foldedThrough && next < oldestKept ? daysInPeriod(next, addDays(oldestKept, -1)) : 0;
  let facts = 0;
  let items = 0;
  // A day of a month already rolled up (by the version before stored facts, or a refold) changes
  // what the month item should hold: those months are rolled up again. They are marked before the
  // day is marked folded: a run that fails after it would not fold the day again, nor mark them.
  const fold = async (day: string) => {
    const folded = await foldDay(deps, day);
    facts += folded.facts;
    items += folded.items;
    const month = day.slice(0, 7);
    if (through && month <= through) await deps.rollUps.markOutdated([...folded.areaIds].map((areaId) => `${areaId}|${month}`).sort());
    return folded.unreadable;
  };
  // The days facts were moved to, by this run or one that died before folding them, or by the relay.
  const moved = [...new Set([...adopted, ...Object.keys(refold)])].sort();
  const refolded = foldedThrough ? moved.filter((day) => day <= foldedThrough && day >= oldestKept) : [];
  for (const day of refolded) await fold(day);
  const days: string[] = [];
  let held: FoldReport['held'];
  for (let day = next > oldestKept ? next : oldestKept; day <= lastOver; day = addDays(day, 1)) {
    const unreadable = await fold(day);
    if (unreadable.length > 0) {
      held = { day, unreadable };
      break;
    }
    await deps.rollUps.foldedThrough(day, { from: foldedThrough });
    days.push(day);
  }
  // Each noted day is folded now (again, or for the first time) and its months marked, or past keeping.
  const markedThrough = days.at(-1) ?? foldedThrough;
  const done = Object.entries(refold).filter(([day]) => day < oldestKept || (markedThrough !== undefined && day <= markedThrough));
  if (done.length > 0) await deps.rollUps.refolded(Object.fromEntries(done));
  return { days, refolded, skipped, facts, items, ...(held ? { held } : {}) };
}

/** Sets one day's counters from its facts; harmless on a day not over (readers ignore it until it is marked folded). */
export async function foldDay(
  deps: Omit<FoldStatsDeps, 'rollUps' | 'clock'>,
  day: string,
): Promise<{ facts: number; items: number; areaIds: ReadonlySet<string>; unreadable: readonly string[] }> {
  const { facts, unreadable } = await deps.facts.ofDayToFold(day);
  const tallies = await talliesOf(deps, facts);
  const { items } = await deps.counters.fold(day, tallies);
  return { facts: facts.length, items, areaIds: new Set(tallies.flatMap((t) => t.areaIds)), unreadable };
}
