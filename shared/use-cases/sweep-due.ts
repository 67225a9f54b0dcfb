/**
 * The scheduled sweep: every request whose `dueAt` has come is looked at once per run. An offer
 * past its deadline lapses (or, its team never reached, is offered again: `reached`); a waiting request is tried again, or escalated when it waited too long
 * or past its time limit (nothing waiting for a team or for the center expires by itself: staff
 * end an escalated request); a completed one that nobody rated
 * closes; a claimed wish's claimer is reminded before the deadline, and the wish goes back on the
 * wall after it; an accepted order's team is reminded before its completion deadline and warned a
 * day after it; a wish nobody claimed in its time on the wall expires. Every change is conditional on the
 * request's version, so two sweeps at once, or a sweep racing a team's answer, change it once.
 *
 * A run walks the due list from its earliest entry, a batch at a time, each batch after the last
 * one's place, until nothing due is left or its time budget is spent (the next run, a minute
 * later, goes on from the head): a thousand waiting requests' re-checks no longer hold an offer's
 * deadline up for minutes. Each due request should still leave the list: changed, filed again at
 * the time it is next due, no longer due (a stale due time, an escalated request filed at its old
 * expiry), or, when its step threw, looked at again a few minutes later; one that does not is passed over by the rest of the run, and taken again by the next.
 */
import { addMinutes, escalatesAt, expiresAt } from '#shared/domain/dispatch-policy';
import { escalate, expire, nextWaitingCheck, type Transition } from '#shared/domain/offer-lifecycle';
import { closeUnrated } from '#shared/domain/resident-feedback';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Service } from '#shared/domain/catalog';
import { LATE_SWEEP_MINUTES, noticeId } from '#shared/domain/notices';
import type { SweepPlace } from '#shared/ports/request-repository';
import { dispatchRequest } from './dispatch-request';
import { postCredits, type PostCreditsDeps } from './post-credits';
import { releaseOffer, type ReleaseDeps } from './release-offer';
import { sweepClaim } from './wish-claims';
import { sweepCompletion } from './completion-reminders';
import { nextCompletionCheck } from '#shared/domain/completion-deadline';
import { applyChange } from './apply-change';

export interface SweepOutcome {
  readonly lapsed: number;
  /** Offers past their deadline whose team was never reached (`reached`): released as no lapse of the team's, and offered again. */
  readonly unreached: number;
  readonly offered: number;
  readonly escalated: number;
  readonly expired: number;
  readonly rescheduled: number;
  readonly closed: number;
  /** Claimed wishes put back on the wall at their deadline, and claimers (and teams with an order) reminded before it. */
  readonly returned: number;
  readonly reminded: number;
  /** Accepted orders whose team was warned, a day after the completion deadline, that they are overdue. */
  readonly warned: number;
  /** Volunteers whose hours went on the credit ledger. */
  readonly credited: number;
  /** Requests whose step threw (throttling, a bad item); tried again `FAILED_RETRY_MINUTES` later. */
  readonly failed: number;
  readonly failures: ReadonlyArray<{ readonly requestId: string; readonly error: string }>;
  /** The run stopped at its time budget with due requests left: the next run goes on. */
  readonly stoppedAtBudget: boolean;
}

export interface SweepOptions {
  /** How long a run may take new requests in hand (well under the function's timeout). */
  readonly budgetMs?: number;
  /** Milliseconds since an arbitrary start, for the budget: `performance.now` unless given. */
  readonly elapsedMs?: () => number;
}

const BATCH = 100;
/** The budget of a run unless told: half a minute, a batch's worth under the function's minute. */
export const DEFAULT_SWEEP_BUDGET_MS = 30_000;
/** How long a request whose step threw waits before the sweep tries it again. */
export const FAILED_RETRY_MINUTES = 5;

export async function sweepDue(deps: ReleaseDeps & PostCreditsDeps, options: SweepOptions = {}): Promise<SweepOutcome> {
  const elapsed = options.elapsedMs ?? (() => performance.now());
  const budget = options.budgetMs ?? DEFAULT_SWEEP_BUDGET_MS;
  const started = elapsed();
  const now = deps.clock.now();
  const counts = {
    lapsed: 0,
    unreached: 0,
    offered: 0,
    escalated: 0,
    expired: 0,
    rescheduled: 0,
    closed: 0,
    returned: 0,
    reminded: 0,
    warned: 0,
    credited: 0,
    failed: 0,
  };
  const failures: Array<{ requestId: string; error: string }> = [];
  let place: SweepPlace | undefined;
  for (;;) {
    const batch = await deps.requests.dueForSweep(now.toISOString(), BATCH, place);
    for (const request of batch) {
      if (elapsed() - started >= budget) return { ...counts, failures, stoppedAtBudget: true };
      // One request's failure must not hold up the others' deadlines.
      try {
        await sweepOne(deps, request, now, counts);
      } catch (error) {
        counts.failed++;
        failures.push({ requestId: request.id, error: (error as Error).name });
        // Out of the next runs' batches for a while (conditional on its version: unchanged since).
        await refile(deps, request, addMinutes(now.toISOString(), FAILED_RETRY_MINUTES)).catch(() => false);
      }
    }
    const last = batch.at(-1);
    if (!last?.dueAt) return { ...counts, failures, stoppedAtBudget: false };
    place = { dueAt: last.dueAt, id: last.id };
  }
}

type Counts = { -readonly [K in Exclude<keyof SweepOutcome, 'failures' | 'stoppedAtBudget'>]: number };

async function sweepOne(deps: ReleaseDeps & PostCreditsDeps, request: ServiceRequest, now: Date, counts: Counts): Promise<void> {
  const service = await deps.catalog.getService(request.serviceCode);
  const at = now.toISOString();
  switch (request.status) {
    case 'OFFERED': {
      const cause = (await reached(deps, request, now)) ? 'timeout' : 'unreached';
      if ((await releaseOffer(deps, request, cause)) !== 'released') break;
      if (cause === 'timeout') counts.lapsed++;
      else {
        // Offered again at once, to the same team too unless it cooled off (`excludeAfter`), unless its
        // freed capacity took it already; or, past its escalation or time limit, to the center.
        counts.unreached++;
        const waiting = await deps.requests.get(request.id);
        if (waiting?.status !== 'WAITING') break;
        if (overdue(waiting, at, service)) {
          if (await apply(deps, waiting, escalate(waiting, now, service))) counts.escalated++;
        } else await sweepWaiting(deps, waiting, at, service, counts);
      }
      break;
    }
    case 'COMPLETED': {
      const closing = closeUnrated(request, now);
      if (await apply(deps, request, closing)) {
        counts.closed++;
        counts.credited += await postCredits(deps, closing.after);
      }
      break;
    }
    case 'CLOSED':
    case 'CANCELLED':
    case 'EXPIRED':
    case 'REJECTED':
      // Settled with credits pending (a close, or an end after a reopening: the visits before count).
      if (request.creditsPending) counts.credited += await postCredits(deps, request);
      else if (await refile(deps, request, undefined)) counts.rescheduled++;
      break;
    case 'ACCEPTED': {
      // A claimed wish: remind, or back on the wall. An order: remind its team, or warn it is overdue.
      const outcome = request.claim ? await sweepClaim(deps, request, now) : await sweepCompletion(deps, request, now);
      if (outcome !== 'none') counts[outcome]++;
      else if (await refile(deps, request, request.claim ? claimDue(request, at) : nextCompletionCheck(request, at))) counts.rescheduled++;
      break;
    }
    case 'PUBLISHED':
    case 'REVIEW':
      // Unclaimed on the wall for its whole time, or never reviewed by its station.
      if (await apply(deps, request, expire(request, now))) counts.expired++;
      break;
    case 'ESCALATED':
      // With the center until staff end it (`expiresAt`): filed before that rule, at its old expiry.
      if (await refile(deps, request, undefined)) counts.rescheduled++;
      break;
    case 'WAITING':
      await sweepWaiting(deps, request, at, service, counts);
      break;
    default:
      // A state with no due work (a stale due time): no longer due.
      if (await refile(deps, request, undefined)) counts.rescheduled++;
      break;
  }
}

/** Offered to a team if one can take it; else escalated when it waited too long or past its time limit, or looked at again later. */
async function sweepWaiting(deps: ReleaseDeps, request: ServiceRequest, at: string, service: Service | undefined, counts: Counts) {
  const outcome = await dispatchRequest(deps, { requestId: request.id, version: request.version });
  if (outcome.kind === 'offered') counts.offered++;
  else if (outcome.kind === 'escalated') counts.escalated++;
  else if (outcome.kind === 'waiting') {
    // Past its time limit it goes to the center too (rather than expiring unseen by staff).
    if (overdue(request, at, service)) {
      if (await apply(deps, outcome.request, escalate(outcome.request, new Date(at), service))) counts.escalated++;
    } else if (await deps.requests.update(outcome.request, { ...outcome.request, dueAt: nextWaitingCheck(outcome.request, at, service) })) {
      counts.rescheduled++;
    }
  }
}

/** Waited too long, or past its time limit: for the center (rather than expiring unseen by staff). */
function overdue(request: ServiceRequest, at: string, service: Service | undefined): boolean {
  return at >= escalatesAt(request, service) || at >= expiresAt(request, service);
}

/**
 * Whether the team of an offer past its deadline had the chance to answer, so that letting it
 * lapse is the team's doing: its offer's notice went to some channel of the team (or is settled:
 * sent, or refused by the team's own channel or number; one refused otherwise is kept unsent,
 * `keepUnsent` in send-notice.ts),
 * and the sweep runs at most `LATE_SWEEP_MINUTES` after the deadline. Run later, the sweep (or
 * the whole system) was away, and the team may have found the offer page down.
 */
async function reached(deps: ReleaseDeps, request: ServiceRequest, now: Date): Promise<boolean> {
  const deadline = request.offer?.deadline;
  if (!deadline || now.getTime() - Date.parse(deadline) > LATE_SWEEP_MINUTES * 60_000) return false;
  return !(await deps.outbox.unsent(request.id, noticeId({ version: request.version, kind: 'offer' })));
}

/**
 * When an accepted request the sweep could do nothing for is next due: a claim reminded already,
 * at its deadline; a claim that could not be reminded or returned just now, a few minutes later;
 * no claim at all (a stale due time), never.
 */
function claimDue(request: ServiceRequest, at: string): string | undefined {
  const claim = request.claim;
  if (!claim) return undefined;
  return claim.reminded && at < claim.deadline ? claim.deadline : addMinutes(at, FAILED_RETRY_MINUTES);
}

/** Files the request again at `dueAt`, or takes it off the sweep's list; false when it changed meanwhile. */
function refile(deps: ReleaseDeps, request: ServiceRequest, dueAt: string | undefined): Promise<boolean> {
  const { dueAt: _due, ...rest } = request;
  return deps.requests.update(request, dueAt ? { ...rest, dueAt } : rest);
}

function apply(deps: ReleaseDeps, before: ServiceRequest, transition: Transition): Promise<boolean> {
  return applyChange(deps.requests, before, transition);
}
