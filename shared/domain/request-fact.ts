/**
 * A request fact: what the statistics counters need to know about one change of a request
 * (its creation, or a status change), and nothing personal: no name, phone, address,
 * description or attribute values. A fact is stored in the same transaction as its change
 * (`change-announcing-repository`, `StatsFacts`), so each change has exactly one; the statistics
 * fold each day's facts into counters (`fold-stats`).
 */
import * as z from './zod';
import { areaId } from './area';
import { servedIn } from './credit';
import { keptRulesText } from './credit-rules-of-request';
import { escalatedBefore } from './dispatch-policy';
import { declineReasons, type DeclineReason, type ReleaseCause } from './decline';
import { requestStatuses } from './request-state';
import { isSettled, requestChannels, visitsOf, type ServiceRequest, type TimelineEvent } from './service-request';

const instant = z.iso.datetime();
const servedList = z
  .array(z.strictObject({ minutes: z.int().check(z.gte(0)), hours: z.number().check(z.gte(0)) }))
  .check(z.maxLength(1000));

export const requestFact = z.strictObject({
  requestId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The version the change produced: with `requestId`, the fact's identity. */
  version: z.int().check(z.gte(1)),
  /** When the change happened. */
  at: instant,
  /** Absent when the request was created. */
  from: z.optional(z.enum(requestStatuses)),
  to: z.enum(requestStatuses),
  serviceCode: z.string().check(z.minLength(1), z.maxLength(40)),
  areaId,
  urgency: z.enum(['normal', 'urgent']),
  channel: z.enum(requestChannels),
  createdAt: instant,
  /** Where waiting and completion times count from: the submission, or the latest reopening. */
  clockStart: instant,
  /** The team the change concerns: offered to, giving the offer back, accepting, completing. */
  teamId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The offer made (into OFFERED) or ended (out of OFFERED, or accepted). */
  offer: z.optional(
    z.strictObject({
      offeredAt: instant,
      deadline: instant,
      /** The request's how-many-th automatic offer since submission or reopening. */
      number: z.int().check(z.gte(0)),
    }),
  ),
  /** Why an offer was given back (OFFERED → WAITING or ESCALATED). */
  release: z.optional(z.strictObject({ cause: z.enum(['declined', 'timeout']), reason: z.optional(z.enum(declineReasons)) })),
  /**
   * A wish of the wall: when it was first published, when it last went on the wall (a claim's
   * wait counts from there), and the kind of claimer of a claim made or ended.
   */
  wish: z.optional(
    z.strictObject({ publishedAt: instant, listedAt: z.optional(instant), claimer: z.optional(z.enum(['volunteer', 'team', 'unit'])) }),
  ),
  /** Into ESCALATED again, after an offer the center made by hand (`escalatedBefore`): not a second escalation. */
  escalatedAgain: z.optional(z.literal(true)),
  /**
   * Accepted again in the same round (since submission or the latest reopening), after the center
   * took an accepted request back to reassign it: the request's acceptance counted already.
   */
  acceptedAgain: z.optional(z.literal(true)),
  /** The resident's rating, on the change that closed the request with it. */
  stars: z.optional(z.int().check(z.gte(1), z.lte(5))),
  /**
   * On a close: per visit (a reopened request's earlier ones first) and volunteer, anonymous, in
   * order, the minutes served and the hours they round to by the national rule, before the
   * per-activity cap (the counters apply the rules). Up to 50 a visit. On a later change of a
   * settled request's hours (a correction): the list as it stands after it; on the mark of a
   * complaint upheld (credits voided or withheld), none.
   */
  volunteers: z.optional(servedList),
  /** On a change of a settled request's hours: the list as it stood before (the counters take it back). */
  volunteersBefore: z.optional(servedList),
  /**
   * With `volunteers` or `volunteersBefore`: the credit rules the request kept (`4/8`,
   * `keptRulesText`), which price them in the counters as on the ledger. Absent when it kept none
   * (completed before requests kept them, not posted yet): the area's rules when counted.
   */
  creditRules: z.optional(z.string().check(z.maxLength(24))),
});
export type RequestFact = z.infer<typeof requestFact>;

/**
 * A fact as read back from storage: fields it does not know are dropped rather than refused, so
 * a fact stored by a later version (during a rolling deploy) still counts.
 */
export const storedRequestFact = z.object(requestFact.shape);

/**
 * Why an offer ended, as `release` records it on its event. Where an event does not say, a
 * system release is read from the time alone: given back at or after its deadline it lapsed,
 * before it the team declined (for a reason unknown).
 */
type ReleaseNote = { readonly cause: ReleaseCause; readonly reason?: DeclineReason };

/** The fact of a change from `before` (undefined at creation) to `after`, recorded by `event`. */
export function factOf(before: ServiceRequest | undefined, after: ServiceRequest, event?: TimelineEvent): RequestFact {
  const at = event?.at ?? after.updatedAt;
  const fact: RequestFact = {
    requestId: after.id,
    version: after.version,
    at,
    ...(before ? { from: before.status } : {}),
    to: after.status,
    serviceCode: after.serviceCode,
    areaId: after.areaId,
    urgency: after.urgency,
    channel: after.channel,
    createdAt: after.createdAt,
    clockStart: after.reopenedAt ?? after.createdAt,
  };
  const teamId = teamConcerned(before, after);
  const offer =
    after.status === 'OFFERED' && before?.status !== 'OFFERED' ? after.offer : before?.status === 'OFFERED' ? before.offer : undefined;
  const offerNumber = after.status === 'OFFERED' ? (after.offersMade ?? 0) : (before?.offersMade ?? 0);
  return {
    ...fact,
    ...(teamId ? { teamId } : {}),
    ...(offer ? { offer: { offeredAt: offer.offeredAt, deadline: offer.deadline, number: offerNumber } } : {}),
    ...releaseOf(before, after, at, event),
    ...(after.status === 'ESCALATED' && before && escalatedBefore(before) ? { escalatedAgain: true as const } : {}),
    ...(after.status === 'ACCEPTED' && before?.status === 'OFFERED' && acceptedBefore(before) ? { acceptedAgain: true as const } : {}),
    ...wishOf(before, after),
    ...(after.status === 'CLOSED' && after.rating && !before?.rating ? { stars: after.rating.stars } : {}),
    ...volunteersOf(before, after),
  };
}

/**
 * Settled now (closed, or ended after a reopening): every visit's volunteers, once. Settled
 * before and after with the visits' hours changed (a correction): the lists after and before,
 * so the counters count the difference on the day of the change. A request whose credits a
 * complaint voided or withheld serves no one: the void's mark lists none after, the list before
 * it comes off on the void's day. Each with the rules the request kept, if it kept them.
 */
function volunteersOf(
  before: ServiceRequest | undefined,
  after: ServiceRequest,
): Pick<RequestFact, 'volunteers' | 'volunteersBefore' | 'creditRules'> {
  const served = servedLists(before, after);
  const counted = served.volunteers?.length || served.volunteersBefore?.length;
  return counted && after.creditRules ? { ...served, creditRules: keptRulesText(after.creditRules) } : served;
}

function servedLists(before: ServiceRequest | undefined, after: ServiceRequest): Pick<RequestFact, 'volunteers' | 'volunteersBefore'> {
  if (!isSettled(after)) return {};
  const served = (request: ServiceRequest) =>
    request.creditsVoided || request.creditsWithheld ? [] : visitsOf(request).flatMap((visit) => [...servedIn(visit).values()]);
  if (!before || !isSettled(before)) return visitsOf(after).length > 0 ? { volunteers: served(after) } : {};
  const was = served(before);
  const now = served(after);
  return JSON.stringify(was) === JSON.stringify(now) ? {} : { volunteers: now, volunteersBefore: was };
}

/**
 * Whether the request was accepted from an offer before in this round: `offerAcceptedAt` stays
 * when staff take the request back (`takeBack`), a claim from the wall never sets it (it counts
 * as the wall's, `wishClaimed`), and a reopening starts a new round. A request stored before
 * `offerAcceptedAt` is read by its `acceptedAt`, which a team's claim taken back drops.
 */
function acceptedBefore(request: ServiceRequest): boolean {
  const accepted = request.offerAcceptedAt ?? request.acceptedAt;
  return accepted !== undefined && accepted >= (request.reopenedAt ?? request.createdAt);
}

function wishOf(before: ServiceRequest | undefined, after: ServiceRequest): Pick<RequestFact, 'wish'> {
  const wish = after.wish ?? before?.wish;
  if (!wish) return {};
  const claimer = (after.claim ?? before?.claim)?.claimer.kind;
  const listedAt = (before?.wish ?? wish).listedAt;
  return { wish: { publishedAt: wish.publishedAt, listedAt, ...(claimer ? { claimer } : {}) } };
}

function teamConcerned(before: ServiceRequest | undefined, after: ServiceRequest): string | undefined {
  if (after.status === 'OFFERED') return after.offer?.teamId;
  if (before?.status === 'OFFERED') return before.offer?.teamId;
  return after.assignedTeam?.id ?? before?.assignedTeam?.id;
}

function releaseOf(
  before: ServiceRequest | undefined,
  after: ServiceRequest,
  at: string,
  event: TimelineEvent | undefined,
): Pick<RequestFact, 'release'> {
  if (before?.status !== 'OFFERED' || !['WAITING', 'ESCALATED', 'REVIEW'].includes(after.status)) return {};
  const recorded = (event as (TimelineEvent & { readonly release?: ReleaseNote }) | undefined)?.release;
  if (recorded)
    return { release: { cause: recorded.cause, ...(recorded.cause === 'declined' && recorded.reason ? { reason: recorded.reason } : {}) } };
  // Staff taking an offer back (a reassignment) is no answer of the team's, nor an offer the team
  // was never reached about: each counts in `offersWithdrawn` (`release`, offer-lifecycle.ts).
  if (event && event.actor !== 'system') return {};
  if ((after.offersWithdrawn ?? 0) > (before.offersWithdrawn ?? 0)) return {};
  const lapsed = before.offer !== undefined && at >= before.offer.deadline;
  return { release: { cause: lapsed ? 'timeout' : 'declined' } };
}
