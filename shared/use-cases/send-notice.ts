/**
 * The notify queue's consumer (`send-notifications`): renders one notice and sends it to every
 * target of its audience (the team's channels, or the resident's phone). Each target is sent
 * to once per notice however often the message arrives (NoticeDeliveries, kept with the notice's
 * outbox message); targets fail independently; a target that failed for now makes the message
 * come back later, when only the targets still unsent are tried. Once every target is sent or
 * refused for good, the notice is settled (its outbox message removed) so the relay stops sending it;
 * but an offer every target refused, not by the team's own doing (an SMS number's daily limit, the
 * deployment's set-up), is kept unsent until the sweep has read it (`keepUnsent`), not sent again.
 * While some target fails for now, the outbox message is not due before the queue's copy has had
 * its last try (`QueueCopy`): the relay sends a new copy only of a notice whose copy was lost or
 * dead-lettered, not one beside a copy still backing off.
 */
import { createHash } from 'node:crypto';
import { staffCancellationReason } from '#shared/domain/cancellation-notice';
import {
  audienceOf,
  followedUpByHand,
  isCompletionNotice,
  noticeId,
  removableUnsentAt,
  residentNoticeHolds,
  type NoticeMessage,
} from '#shared/domain/notices';
import { quietHold } from '#shared/domain/quiet-hours';
import { renderNotice, type NoticeContext } from '#shared/domain/notice-text';
import { offerUrls, signOfferLink } from '#shared/domain/offer-link';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { ChannelTarget } from '#shared/domain/team';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { Clock } from '#shared/ports/clock';
import type { DeliveryOutcome } from '#shared/ports/delivery-log';
import type { NoticeDeliveries } from '#shared/ports/notice-deliveries';
import {
  PermanentDeliveryError,
  type NotificationSender,
  RecipientRefusedDeliveryError,
  type RenderedNotice,
  refusalCause,
  refusalKind,
} from '#shared/ports/notification-sender';
import type { Outbox, RemovedMessage } from '#shared/ports/outbox';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { SigningKeys } from '#shared/ports/signing-keys';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import type { WorkUnits } from '#shared/ports/work-units';
import { claimerLabel } from '#shared/domain/wish';
import { teamView } from './team-offer';

export interface SendNoticeDeps {
  readonly requests: RequestRepository;
  readonly teams: TeamRepository;
  /** A volunteer's phone, for the reminder (or the cancellation) of a wish they claimed. */
  readonly volunteers: Pick<VolunteerRegistry, 'get'>;
  /** A work unit's contact phone, for the reminder of a wish claimed for it. */
  readonly units: Pick<WorkUnits, 'get'>;
  readonly catalog: CatalogRepository;
  readonly areas: AreaRepository;
  readonly signingKeys: SigningKeys;
  readonly outbox: Outbox;
  readonly sender: NotificationSender;
  readonly noticeDeliveries: NoticeDeliveries;
  readonly clock: Clock;
  /** Base of the links in offer notices, e.g. `https://abc.execute-api…amazonaws.com`. */
  readonly publicUrl: string;
  /** False: notices go at any hour (the local stack, `QUIET_HOURS_ENV`). */
  readonly quietHours?: boolean;
}

export type NoticeOutcome =
  | {
      readonly kind: 'delivered';
      readonly sent: number;
      readonly alreadySent: number;
      readonly refused: number;
      /** Of those refused, the SMS the deployment has no template for (an optional kind, `OPTIONAL_KINDS`). */
      readonly withoutTemplate?: number;
      /**
       * Why each of the others was refused now, as the sender said (codes and statuses, never a
       * phone or an address): a revoked template, an unverified sender, a removed webhook.
       */
      readonly refusals?: readonly string[];
      /** Of those, the ones an operator or the team can fix (`MisconfiguredDeliveryError`): alarmed. */
      readonly misconfigured?: number;
      /** Of those, the ones of the number itself (invalid, blocked: `RecipientRefusedDeliveryError`): logged, not alarmed. */
      readonly recipientRefused?: number;
      /** An offer every target refused, not by the team's doing: kept unsent, so the sweep ends it as `unreached`. */
      readonly keptUnsent?: true;
    }
  | {
      readonly kind: 'skipped';
      /** 1 on `too-late` when no target was sent and its person is to be told by hand, counted for the alarm (`GIVEN_UP`, shared/observability/given-up.ts). */
      readonly givenUp?: 1;
      /**
       * `offered-again`: an `offer-cancelled` whose team is offered the request again; kept, due
       * again at the offer's deadline. `quiet-hours`: a resident's or claimer's notice between
       * 21:00 and 07:00 Beijing; kept, due again at 07:00 (`quietHold`). `no-sms-template`: its only targets are phones and the SMS template config has no template for its kind (refused for good, recorded). */
      readonly reason:
        | 'too-late'
        | 'request-gone'
        | 'offer-over'
        | 'claim-over'
        | 'moved-on'
        | 'held-again'
        | 'offered-again'
        | 'quiet-hours'
        | 'no-targets'
        | 'settled'
        | 'no-sms-template';
    };

/**
 * Some targets failed for now; the message is delivered again and only they are retried, and
 * those sent now whose outcome could not be recorded (`unrecorded`), which may go again.
 */
export class NoticeNotDeliveredError extends Error {
  override readonly name = 'NoticeNotDeliveredError';
  constructor(
    readonly failed: number,
    readonly of: number,
    readonly causes: readonly string[],
    readonly unrecorded = 0,
  ) {
    const notRecorded = unrecorded > 0 ? `; ${unrecorded} sent now could not be recorded and may be sent again` : '';
    super(`${failed} of ${of} targets failed for now (${[...new Set(causes)].join(', ')})${notRecorded}`);
  }
}

/** The queue's copy of the notice being handled. */
export interface QueueCopy {
  /** By when it will have had its last try, its remaining receives and their backoff included. */
  readonly retriedUntil: Date;
}

export async function sendNotice(deps: SendNoticeDeps, notice: NoticeMessage, copy?: QueueCopy): Promise<NoticeOutcome> {
  const settle = () => deps.outbox.remove(notice.requestId, noticeId(notice));
  // Arrived after its give-up time (a copy retried that long, a dead letter redriven late). An
  // offer's is left for the relay to remove once the sweep has read it (`removableUnsentAt`).
  const now = deps.clock.now().getTime();
  if (Date.parse(notice.giveUpAt) <= now)
    return removableUnsentAt(notice.kind, notice.giveUpAt) > now ? skipped('too-late') : tooLate(await settle(), notice.kind);
  const request = await deps.requests.get(notice.requestId);
  if (!request) return settle().then(() => skipped('request-gone'));
  if (notice.kind === 'offer' && !stillOpen(request, notice)) return settle().then(() => skipped('offer-over'));
  // A reminder is for the claim it was made for: given up and claimed again since, it is nobody's.
  if (notice.kind === 'claim-reminder' && request.version !== notice.version) return settle().then(() => skipped('claim-over'));
  // A deadline's notice is for the order as it was: completed, cancelled, taken back or warned since, it would say what is no longer so.
  if (isCompletionNotice(notice.kind) && request.version !== notice.version) return settle().then(() => skipped('moved-on'));
  // A resident's notice retried after the request moved on would tell them what is no longer so.
  if (!residentNoticeHolds(notice.kind, request.status)) return settle().then(() => skipped('moved-on'));
  // A cancellation retried after the request came back to whoever lost it would tell them to drop what they hold.
  if (heldAgain(request, notice)) return settle().then(() => skipped('held-again'));
  // Offered again to the team that lost it: whether it holds the order is known once it answers or
  // the offer lapses (a lapse is no news to the team). Asked again then, so a lapse tells it after all.
  const offer = offeredAgain(request, notice);
  if (offer) return deps.outbox.postpone(notice.requestId, noticeId(notice), offer.deadline).then(() => skipped('offered-again'));
  // A resident's or claimer's notice in the quiet hours waits for 07:00, when the relay sends it.
  const hold = deps.quietHours === false ? undefined : quietHold(notice, deps.clock.now());
  if (hold) return deps.outbox.postpone(notice.requestId, noticeId(notice), hold.until, hold.giveUpAt).then(() => skipped('quiet-hours'));

  const targets = await targetsOf(deps, notice, request);
  if (targets.length === 0) return settle().then(() => skipped('no-targets'));

  const rendered = renderNotice(await contextOf(deps, notice, request));
  const refusals: string[] = [];
  const counts = { 'no-template': 0, configuration: 0, recipient: 0, other: 0 };
  const fresh = { refused: 0, notTheTeams: 0 };
  const refusedFor = (error: PermanentDeliveryError, target: ChannelTarget) => {
    const kind = refusalKind(error);
    counts[kind]++;
    fresh.refused++;
    if (!teamsOwnRefusal(error, target)) fresh.notTheTeams++;
    if (kind !== 'no-template') refusals.push(refusalCause(error));
  };
  // An offer every target refused, not (only) by the team's own doing, never reached the team: kept
  // unsent for the sweep (`reached`), not sent again. (No fresh refusal: kept so before.)
  let kept = false;
  const keepUnsent = () => (kept = notice.kind === 'offer' && (fresh.notTheTeams > 0 || fresh.refused === 0));
  // Settled in the same step once every target has an outcome.
  const results = await deps.noticeDeliveries.deliver(
    { requestId: notice.requestId, messageId: noticeId(notice) },
    targets.map((target) => ({ key: deliveryKey(notice, target), deliver: () => deliver(deps.sender, target, rendered, refusedFor) })),
    keepUnsent,
  );
  // Settled before (by an earlier copy, or dropped by the relay past its give-up time): nothing was sent now.
  if (results === 'settled') return skipped('settled');
  // Not relayed again before its deadline (the relay then keeps it until the sweep has read it).
  if (kept) await deps.outbox.postpone(notice.requestId, noticeId(notice), notice.giveUpAt);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name || 'Error'] : []));
  const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failures.length > 0) {
    // Not relayed while this copy is still retried. Should the move fail, the relay sends a copy
    // sooner, which costs a duplicate attempt and nothing else (the deliveries are kept per target).
    if (copy) await deps.outbox.postpone(notice.requestId, noticeId(notice), copy.retriedUntil.toISOString()).catch(() => undefined);
    throw new NoticeNotDeliveredError(failures.length, targets.length, failures, done.filter((d) => d.unrecorded).length);
  }
  const sent = done.filter((d) => d.fresh && d.outcome === 'sent').length;
  const alreadySent = done.filter((d) => !d.fresh).length;
  // Nothing went, and nothing will: the deployment sends this kind by no channel of this audience.
  const withoutTemplate = counts['no-template'];
  if (withoutTemplate === targets.length) return skipped('no-sms-template');
  const refused = done.filter((d) => d.fresh && d.outcome === 'refused').length;
  return {
    kind: 'delivered',
    sent,
    alreadySent,
    refused,
    ...(withoutTemplate > 0 ? { withoutTemplate } : {}),
    ...(refusals.length > 0 ? { refusals } : {}),
    ...(counts.configuration > 0 ? { misconfigured: counts.configuration } : {}),
    ...(counts.recipient > 0 ? { recipientRefused: counts.recipient } : {}),
    ...(kept ? { keptUnsent: true as const } : {}),
  };
}

/**
 * A refusal for good the team caused: its webhook's (a 4xx, a robot refusing its key), or of the
 * number it gave (`RecipientRefusedDeliveryError`). An SMS or email refused by the deployment's
 * set-up or the provider's limits (a number's daily limit) is nobody's doing of the team's.
 */
function teamsOwnRefusal(error: PermanentDeliveryError, target: ChannelTarget): boolean {
  return target.kind === 'webhook' || error instanceof RecipientRefusedDeliveryError;
}

/**
 * The team's channels; the resident's phone; or for a claim reminder, the claiming team's channels
 * or the volunteer's or unit's phone (for a cancelled claim, the claimer the notice names).
 */
async function targetsOf(deps: SendNoticeDeps, notice: NoticeMessage, request: ServiceRequest): Promise<ChannelTarget[]> {
  const audience = audienceOf(notice.kind);
  if (audience === 'resident') return [{ kind: 'sms', phone: request.contact.phone }];
  const claimer = notice.claimer ?? request.claim?.claimer;
  if (audience === 'claimer' && claimer?.kind === 'volunteer') {
    const person = await deps.volunteers.get(claimer.id);
    return person ? [{ kind: 'sms', phone: person.phone }] : [];
  }
  if (audience === 'claimer' && claimer?.kind === 'unit') {
    const unit = await deps.units.get(claimer.id);
    return unit ? [{ kind: 'sms', phone: unit.contactPhone }] : [];
  }
  const team = notice.teamId ? await deps.teams.get(notice.teamId) : undefined;
  return [...(team?.channels ?? [])];
}

/**
 * A copy past its give-up time. Given up unsent (`GIVEN_UP`) only when this copy removed the
 * notice and no target of it was sent (not an offer's, which the sweep made again:
 * `followedUpByHand`): otherwise settled before (an earlier copy, or the relay, told or counted it)
 * or told already.
 */
function tooLate(removed: RemovedMessage | undefined, kind: NoticeMessage['kind']): NoticeOutcome {
  if (!removed) return skipped('settled');
  return removed.sentToAny || !followedUpByHand(kind) ? skipped('too-late') : { kind: 'skipped', reason: 'too-late', givenUp: 1 };
}

function skipped(reason: Extract<NoticeOutcome, { kind: 'skipped' }>['reason']): NoticeOutcome {
  return { kind: 'skipped', reason };
}

/** An offer notice is worth sending only while that very offer is open. */
function stillOpen(request: ServiceRequest, notice: NoticeMessage): boolean {
  return request.status === 'OFFERED' && request.version === notice.version && request.offer?.teamId === notice.teamId;
}

/**
 * Whether the team an `offer-cancelled` tells holds the order again (accepted it anew), or the
 * volunteer or unit a `claim-cancelled` tells claimed it again. Only offered to the team, it does
 * not hold it yet (`offeredAgain`).
 */
function heldAgain(request: ServiceRequest, notice: NoticeMessage): boolean {
  const holds = request.status === 'ACCEPTED' || request.status === 'COMPLETED';
  if (notice.kind === 'offer-cancelled') return holds && request.assignedTeam?.id === notice.teamId;
  if (notice.kind === 'claim-cancelled' && notice.claimer) {
    const claimer = request.claim?.claimer;
    return holds && claimer?.kind === notice.claimer.kind && claimer.id === notice.claimer.id;
  }
  return false;
}

/** The offer of the request, open to the very team an `offer-cancelled` tells. */
function offeredAgain(request: ServiceRequest, notice: NoticeMessage): { readonly deadline: string } | undefined {
  if (notice.kind !== 'offer-cancelled' || request.status !== 'OFFERED' || request.offer?.teamId !== notice.teamId) return undefined;
  return request.offer;
}

async function deliver(
  sender: NotificationSender,
  target: ChannelTarget,
  notice: RenderedNotice,
  refusedFor: (error: PermanentDeliveryError, target: ChannelTarget) => void,
): Promise<DeliveryOutcome> {
  try {
    await sender.send(target, notice);
    return 'sent';
  } catch (error) {
    // Recorded, never tried again; its cause kept for the log (a missing template counted apart).
    if (!(error instanceof PermanentDeliveryError)) throw error;
    refusedFor(error, target);
    return 'refused';
  }
}

/** One key per notice and target; the target enters only as a hash (it may hold a robot key or a phone). */
export function deliveryKey(notice: Pick<NoticeMessage, 'requestId' | 'version' | 'kind'>, target: ChannelTarget): string {
  const targetHash = createHash('sha256').update(JSON.stringify(target)).digest('base64url').slice(0, 22);
  return `${notice.requestId}#v${notice.version}#${notice.kind}#${targetHash}`;
}

async function contextOf(deps: SendNoticeDeps, notice: NoticeMessage, request: ServiceRequest): Promise<NoticeContext> {
  const view = await teamView(deps, request, 'open', deps.clock.now());
  const common = {
    eventId: `${request.id}#v${notice.version}#${notice.kind}`,
    kind: notice.kind,
    requestId: request.id,
    trackingCode: request.trackingCode,
    service: view.service.name,
    // District first, as an address is read.
    areaNames: view.areaNames.map((n) => n.zh).reverse(),
    urgency: request.urgency,
    ...(request.claim
      ? { teamName: claimerLabel(request.claim.claimer).zh }
      : request.assignedTeam
        ? { teamName: request.assignedTeam.name }
        : {}),
    lookupUrl: `${deps.publicUrl}/lookup`,
  };
  if (notice.kind === 'claim-reminder' && request.claim) return { ...common, deadline: request.claim.deadline };
  if (isCompletionNotice(notice.kind) && request.completeBy) return { ...common, deadline: request.completeBy.deadline };
  if (notice.kind === 'cancelled') return { ...common, reason: await cancellationReason(deps, request.id) };
  if (notice.kind !== 'offer' || !request.offer) return common;
  const key = await deps.signingKeys.current();
  const links = offerUrls(deps.publicUrl, request.id, signOfferLink(request, key));
  return { ...common, deadline: request.offer.deadline, resident: { name: view.resident.name, phone: view.resident.phone }, links };
}

/** The reason staff gave for the request's cancellation, from its timeline (the status check above made sure it is cancelled). */
async function cancellationReason(deps: SendNoticeDeps, requestId: string): Promise<string> {
  const found = await deps.requests.getWithTimeline(requestId);
  return (found && staffCancellationReason(found.timeline)) ?? '';
}
