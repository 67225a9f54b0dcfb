/**
 * The statistics as staff read them: the counters for the days folded (`fold-stats`), and for
 * the days after, what the counters held from before stored facts plus the tallies of those
 * days' facts, read as they are asked for (and used again for a few seconds, `READ_AGAIN_MS`). So
 * a figure includes every change up to a few seconds before it is read, and reads the same before
 * and after its day is folded.
 */
import { type Counts, sumCounts } from '#shared/domain/stats';
import { addDays, statsDay } from '#shared/domain/stats-calendar';
import type { Clock } from '#shared/ports/clock';
import type { FactTally, RollUpProgress, StatsCounters, StatsReads, StatsRollUps } from '#shared/ports/stats-counters';
import { FACT_DAYS, type StatsFacts } from '#shared/ports/stats-facts';
import { talliesOf, type TallyDeps } from './tally-facts';

export interface CurrentStatsDeps extends TallyDeps {
  readonly counters: Pick<StatsCounters, 'serviceDays' | 'teamDays' | 'servicePeriod' | 'teamPeriod'>;
  readonly facts: Pick<StatsFacts, 'ofDay'>;
  readonly rollUps: Pick<StatsRollUps, 'progress'>;
  readonly clock: Clock;
}

type Row = { readonly span: string; readonly what: string; readonly counts: Counts };

/**
 * How long what a reader read is used again: one dashboard reads an area's facts for its totals,
 * as a child of the area above and for its teams, and each read asks how far the days are folded.
 */
export const READ_AGAIN_MS = 3_000;

export function currentStats(given: CurrentStatsDeps): StatsReads {
  const now = () => given.clock.now().getTime();
  const deps = {
    ...given,
    rollUps: {
      progress: remembered(
        now,
        () => '',
        () => given.rollUps.progress(),
      ),
    },
    facts: {
      ofDay: remembered(
        now,
        (day: string, areaId?: string) => `${day}|${areaId ?? ''}`,
        (day, areaId) => given.facts.ofDay(day, areaId),
      ),
    },
    catalog: {
      getService: remembered(
        now,
        (code: string) => code,
        (code) => given.catalog.getService(code),
      ),
    },
    credits: {
      rules: remembered(
        now,
        (areaId?: string) => areaId ?? '',
        (areaId) => given.credits.rules(areaId),
      ),
    },
  };
  /** Counter rows and the tallies of the facts of the days not folded, one row per span and service (or team). */
  const read = async (
    areaId: string,
    from: string,
    to: string,
    stored: (foldedThrough: string | undefined) => Promise<Row[]>,
    ofTally: (t: FactTally) => { what: string; counts: Counts } | undefined,
  ): Promise<Row[]> => {
    const foldedThrough = readableFoldedThrough(await deps.rollUps.progress(), deps.clock.now());
    const days = unfoldedDays(from, to, foldedThrough, statsDay(deps.clock.now()));
    const [rows, facts] = await Promise.all([stored(foldedThrough), Promise.all(days.map((day) => deps.facts.ofDay(day, areaId)))]);
    const tallies = await talliesOf(deps, facts.flat());
    const fromFacts = tallies.flatMap((t): Row[] => {
      const part = ofTally(t);
      return part && t.areaIds.includes(areaId) ? [{ span: t.day, ...part }] : [];
    });
    return merged([...rows, ...fromFacts]);
  };
  const serviceOf = (t: FactTally) => (Object.keys(t.counts).length > 0 ? { what: t.serviceCode, counts: t.counts } : undefined);
  const teamOf = (t: FactTally) => (t.team ? { what: t.team.teamId, counts: t.team.counts } : undefined);
  const spans = <R extends { readonly counts: Counts }>(rows: readonly R[], span: (r: R) => string, what: (r: R) => string): Row[] =>
    rows.map((r) => ({ span: span(r), what: what(r), counts: r.counts }));
  const byDay = (r: { readonly day: string }) => r.day;
  const bySpan = (r: { readonly span: string }) => r.span;

  return {
    serviceDays: async (areaId, from, to) =>
      (
        await read(
          areaId,
          from,
          to,
          async (f) => spans(await deps.counters.serviceDays(areaId, from, to, f), byDay, (r) => r.serviceCode),
          serviceOf,
        )
      ).map((r) => ({ day: r.span, serviceCode: r.what, counts: r.counts })),
    teamDays: async (areaId, from, to) =>
      (
        await read(areaId, from, to, async (f) => spans(await deps.counters.teamDays(areaId, from, to, f), byDay, (r) => r.teamId), teamOf)
      ).map((r) => ({ day: r.span, teamId: r.what, counts: r.counts })),
    servicePeriod: async (areaId, from, to) =>
      (
        await read(
          areaId,
          from,
          to,
          async (f) => spans(await deps.counters.servicePeriod(areaId, from, to, f), bySpan, (r) => r.serviceCode),
          serviceOf,
        )
      ).map((r) => ({ span: r.span, serviceCode: r.what, counts: r.counts })),
    teamPeriod: async (areaId, from, to) =>
      (
        await read(
          areaId,
          from,
          to,
          async (f) => spans(await deps.counters.teamPeriod(areaId, from, to, f), bySpan, (r) => r.teamId),
          teamOf,
        )
      ).map((r) => ({ span: r.span, teamId: r.what, counts: r.counts })),
  };
}

/**
 * `read`, its answer used again for `READ_AGAIN_MS` for the same key (a failure is not kept). A
 * folded day read as not folded yet gives the same figures, so an answer a little old is safe.
 */
function remembered<A extends unknown[], T>(now: () => number, key: (...args: A) => string, read: (...args: A) => Promise<T>) {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  return (...args: A): Promise<T> => {
    const k = key(...args);
    const hit = kept.get(k);
    if (hit && now() - hit.at < READ_AGAIN_MS) return hit.value;
    for (const [old, entry] of kept) if (now() - entry.at >= READ_AGAIN_MS) kept.delete(old);
    const value = read(...args);
    kept.set(k, { at: now(), value });
    value.catch(() => kept.delete(k));
    return value;
  };
}

/**
 * How long after the fold moves its mark a reader still takes the earlier one. A Query is
 * eventually consistent: for a moment after the fold put a day's counter items it may return the
 * items as they were, which would leave that day's facts out. The facts are still kept, and a
 * folded day read as not folded gives the same figures, so the reader tallies them meanwhile.
 */
export const FOLD_SETTLE_MS = 10_000;

/** The days a reader takes as folded at `now`: the mark, or within `FOLD_SETTLE_MS` of its move, where it stood before. */
export function readableFoldedThrough(progress: Pick<RollUpProgress, 'foldedThrough' | 'foldedMoved'>, now: Date): string | undefined {
  const moved = progress.foldedMoved;
  if (moved && now.getTime() - Date.parse(moved.at) < FOLD_SETTLE_MS) return moved.from;
  return progress.foldedThrough;
}

/** The days from `from` to `to` after `foldedThrough` whose facts are still kept, up to today. */
export function unfoldedDays(from: string, to: string, foldedThrough: string | undefined, today: string): string[] {
  const oldestKept = addDays(today, -(FACT_DAYS - 1));
  let day = [from, oldestKept, ...(foldedThrough ? [addDays(foldedThrough, 1)] : [])].reduce((a, b) => (a > b ? a : b));
  const last = to < today ? to : today;
  const days: string[] = [];
  for (; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** One row per span and service (or team), counts summed; rows with no counts left out. */
function merged(rows: readonly Row[]): Row[] {
  const bySpan = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.span}|${row.what}`;
    const earlier = bySpan.get(key);
    bySpan.set(key, earlier ? { ...row, counts: sumCounts([earlier.counts, row.counts]) } : row);
  }
  return [...bySpan.values()].filter((r) => Object.keys(r.counts).length > 0);
}
