/**
 * The retention rule, run on a schedule: anonymises every request that ended more than the
 * retention period ago (`retention.ts`), month of creation by month, district by district, from
 * the oldest month that may still hold one (its progress) to the month the period reaches back
 * to. A month is done, and never read again, once it holds nothing left to anonymise, so a run
 * reads the last few months only. The first run (and the first after an upgrade from a version
 * that started three years back) finds the month of the table's oldest request once, from the
 * creation index's keys, and walks from there: no request is too old to be reached. Bounded: it
 * stops at its time budget or after `limit` requests, and the next run goes on.
 */
import { ConflictError } from '#shared/domain/errors';
import { anonymisedLater, dueForAnonymising, retentionCutoff } from '#shared/domain/retention';
import { orderMonth } from '#shared/domain/team';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import type { RequestRetention, RetentionProgress } from '#shared/ports/request-retention';
import { anonymiseRequest, type AnonymiseDeps } from './anonymise-request';
import { districtsHolding } from './districts';

export interface RetentionDeps extends AnonymiseDeps {
  readonly retention: RequestRetention;
  readonly areas: Pick<AreaRepository, 'childrenOf'>;
  readonly clock: Clock;
}

export interface RetentionReport {
  readonly anonymised: number;
  /** Request ids and error names: each is tried again on the next run. */
  readonly failures: ReadonlyArray<{ requestId: string; error: string }>;
  readonly stoppedAtBudget: boolean;
  /** The oldest month of creation still read by the next run; none while the table's first month is still being found. */
  readonly from?: string;
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export async function applyRetention(
  deps: RetentionDeps,
  options: { readonly days: number; readonly budgetMs: number; readonly limit: number },
): Promise<RetentionReport> {
  const started = deps.clock.now();
  const at = started.toISOString();
  const cutoff = retentionCutoff(started, options.days);
  const last = orderMonth(new Date(cutoff));
  const stored = await deps.retention.progress();
  const outOfTime = () => deps.clock.now().getTime() - started.getTime() >= options.budgetMs;
  const firstMonth = stored.firstMonth ?? (await tableFirstMonth(deps.retention, stored, started, outOfTime));
  if (firstMonth === undefined) return { anonymised: 0, failures: [], stoppedAtBudget: true };
  // Found just now: walked from it, whatever month a run before the search got to.
  const from = stored.firstMonth === undefined ? firstMonth : (stored.month ?? firstMonth);
  const districts = await districtsHolding(deps.areas, undefined);
  const failures: Array<{ requestId: string; error: string }> = [];
  let anonymised = 0;
  let done = from;
  let contiguous = true;
  const overBudget = () => outOfTime() || anonymised >= options.limit;
  for (let month = from; month <= last; month = nextMonth(month)) {
    let clean = true;
    for (const district of districts) {
      let cursor: string | undefined;
      do {
        // Reading alone takes time too (a first run reads every month since the first): whole months done are kept.
        if (outOfTime()) return finish(true);
        const page = await deps.retention.createdIn(district, month, cursor);
        for (const entry of page.entries) {
          if (anonymisedLater(entry, cutoff)) clean = false;
          if (!dueForAnonymising(entry, cutoff)) continue;
          if (overBudget()) return finish(true);
          try {
            const result = await anonymiseRequest(deps, entry.id, at, (request) => dueForAnonymising(request, cutoff));
            if (result?.anonymised) anonymised++;
            else if (result && anonymisedLater(result.request, cutoff)) clean = false;
          } catch (error) {
            clean = false;
            // A change in between: the next run reads it again. Anything else is logged by the caller.
            if (!(error instanceof ConflictError)) failures.push({ requestId: entry.id, error: (error as Error).name });
          }
        }
        cursor = page.cursor;
      } while (cursor);
    }
    contiguous &&= clean;
    if (contiguous) done = nextMonth(month);
  }
  return finish(false);

  async function finish(stoppedAtBudget: boolean): Promise<RetentionReport> {
    if (done !== from || stored.firstMonth === undefined) await deps.retention.setProgress({ month: done, firstMonth: firstMonth! });
    return { anonymised, failures, stoppedAtBudget, from: done };
  }
}

/**
 * The month of the table's oldest request (this month when it holds none: none can be created
 * earlier), read a page of the creation index at a time; undefined when the time ran out first:
 * where the search got to is kept, and the next run goes on from there.
 */
async function tableFirstMonth(
  retention: RequestRetention,
  stored: RetentionProgress,
  now: Date,
  outOfTime: () => boolean,
): Promise<string | undefined> {
  let search = stored.search;
  for (;;) {
    if (outOfTime()) {
      if (search) await retention.setProgress({ ...(stored.month ? { month: stored.month } : {}), search });
      return undefined;
    }
    const page = await retention.oldestCreated(search?.cursor);
    const oldest = [search?.oldest, page.oldest].filter((m) => m !== undefined).sort()[0];
    if (!page.cursor) return oldest ?? orderMonth(now);
    search = { cursor: page.cursor, ...(oldest ? { oldest } : {}) };
  }
}
