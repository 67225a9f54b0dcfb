/**
 * The retention rule, run on a schedule: anonymises every request that ended more than the
 * retention period ago (`retention.ts`), month of creation by month, district by district, from
 * the oldest month that may still hold one (its progress) to the month the period reaches back
 * to. A month is done, and never read again, once it holds nothing left to anonymise, so a run
 * reads the last few months only. Bounded: it stops at its time budget or after `limit` requests,
 * and the next run goes on.
 */
import { ConflictError } from '#shared/domain/errors';
import { anonymisedLater, dueForAnonymising, retentionCutoff } from '#shared/domain/retention';
import { orderMonth } from '#shared/domain/team';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import type { RequestRetention } from '#shared/ports/request-retention';
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
  /** The oldest month of creation still read by the next run. */
  readonly from: string;
}

/** A first run reads this many months back from the period's end: a deployment older than that at its upgrade erases older requests by hand. */
export const FIRST_RUN_MONTHS = 36;

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const monthsBack = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

export async function applyRetention(
  deps: RetentionDeps,
  options: { readonly days: number; readonly budgetMs: number; readonly limit: number },
): Promise<RetentionReport> {
  const started = deps.clock.now();
  const at = started.toISOString();
  const cutoff = retentionCutoff(started, options.days);
  const last = orderMonth(new Date(cutoff));
  const from = (await deps.retention.progress()) ?? monthsBack(last, FIRST_RUN_MONTHS);
  const districts = await districtsHolding(deps.areas, undefined);
  const failures: Array<{ requestId: string; error: string }> = [];
  let anonymised = 0;
  let done = from;
  let contiguous = true;
  const outOfTime = () => deps.clock.now().getTime() - started.getTime() >= options.budgetMs;
  const overBudget = () => outOfTime() || anonymised >= options.limit;
  for (let month = from; month <= last; month = nextMonth(month)) {
    let clean = true;
    for (const district of districts) {
      let cursor: string | undefined;
      do {
        // Reading alone takes time too (a first run reads three years of keys): whole months done are kept.
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
    if (done !== from) await deps.retention.setProgress(done);
    return { anonymised, failures, stoppedAtBudget, from: done };
  }
}
