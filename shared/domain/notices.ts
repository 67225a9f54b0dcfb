/**
 * Which status changes someone must hear of, and the outbox message that carries each notice.
 * A notice is committed in the same transaction as its change (see `change-announcing-repository`),
 * so no change is ever left unannounced, and is identified by the request and the version the
 * change produced: the consumer sends each notice once per target however often it arrives.
 */
import * as z from '#shared/domain/zod';
import { mainlandNational } from './contact';
import { completionNoticeOf } from './completion-deadline';
import { escalatedBefore } from './dispatch-policy';
import type { OutboxMessage } from './outbox-message';
import { REQUEST_NOTICE_KINDS, type RequestNoticeKind as NoticeKind } from './rendered-notice';
import { signInCodeMessage, type SignInCodeMessage } from './sign-in-code-message';
import { teamInvitationMessage, type TeamInvitationMessage } from './team-invitation-message';
import { parseJsonOrThrow, parseOrThrow } from './validation';
import type { ServiceRequest, TimelineEvent } from './service-request';

/** `claimer`: whoever holds a wish's claim, a team (its channels) or a volunteer (their phone). */
export type NoticeAudience = 'team' | 'resident' | 'claimer';

export const noticeMessage = z.strictObject({
  requestId: z.string().check(z.minLength(1), z.maxLength(64)),
  version: z.int().check(z.gte(1)),
  kind: z.enum(REQUEST_NOTICE_KINDS),
  /** The team told, for team notices (an offer, a completion deadline's reminder; a claim reminder to a team). */
  teamId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The volunteer or work unit whose claim ended (`claim-cancelled`): the request no longer names them. */
  claimer: z.optional(z.strictObject({ kind: z.enum(['volunteer', 'unit']), id: z.string().check(z.minLength(1), z.maxLength(64)) })),
  /** After this the notice is no longer worth sending (an offer past its deadline). */
  giveUpAt: z.iso.datetime(),
});
export type NoticeMessage = z.infer<typeof noticeMessage>;

const TEAM_KINDS: readonly NoticeKind[] = ['offer', 'offer-cancelled', 'completion-reminder', 'completion-overdue'];

/** How long a resident's notice is still worth sending when delivery keeps failing. */
const RESIDENT_NOTICE_LIFETIME_MS = 24 * 3600_000;
/** Before the relay sends a committed notice again if no consumer has settled it. */
const RELAY_AFTER_MS = 60_000;

export function audienceOf(kind: NoticeKind): NoticeAudience {
  if (kind === 'claim-reminder' || kind === 'claim-cancelled') return 'claimer';
  return TEAM_KINDS.includes(kind) ? 'team' : 'resident';
}

/** A completion deadline's reminder or overdue warning to the team that accepted the order. */
export function isCompletionNotice(kind: NoticeKind): kind is 'completion-reminder' | 'completion-overdue' {
  return kind === 'completion-reminder' || kind === 'completion-overdue';
}

/** Where a request may be for the resident's notice of each kind still to be true. */
const RESIDENT_NOTICE_HOLDS: Partial<Record<NoticeKind, (status: ServiceRequest['status']) => boolean>> = {
  accepted: (s) => s === 'ACCEPTED',
  completed: (s) => s === 'COMPLETED',
  escalated: (s) => s === 'ESCALATED',
  expired: (s) => s === 'EXPIRED',
  rejected: (s) => s === 'REJECTED',
  cancelled: (s) => s === 'CANCELLED',
  // The tracking code is worth having while the request is under way.
  received: (s) => !['CANCELLED', 'REJECTED', 'EXPIRED', 'CLOSED'].includes(s),
};

/**
 * False when a resident's notice, sent late (retried), would say what is no longer so: "a team
 * accepted" about a request cancelled meanwhile, "escalated" after a team accepted.
 */
export function residentNoticeHolds(kind: NoticeKind, status: ServiceRequest['status']): boolean {
  return audienceOf(kind) !== 'resident' || (RESIDENT_NOTICE_HOLDS[kind]?.(status) ?? true);
}

/** The notices a change from `before` to `after`, made by `actor`, calls for (none for most changes). */
export function noticesFor(before: ServiceRequest, after: ServiceRequest, actor?: TimelineEvent['actor']): NoticeMessage[] {
  if (after.claim?.reminded && before.claim && !before.claim.reminded) {
    const teamId = after.claim.claimer.kind === 'team' ? { teamId: after.claim.claimer.id } : {};
    return [{ requestId: after.id, version: after.version, kind: 'claim-reminder', ...teamId, giveUpAt: after.claim.deadline }];
  }
  const base = { requestId: after.id, version: after.version };
  const residentGiveUp = new Date(Date.parse(after.updatedAt) + RESIDENT_NOTICE_LIFETIME_MS).toISOString();
  const deadlineNotice = completionNoticeOf(before, after);
  if (deadlineNotice && after.assignedTeam) {
    // A reminder is worth sending until the deadline; a warning as long as a resident's notice.
    const giveUpAt = deadlineNotice === 'completion-reminder' ? after.completeBy!.deadline : residentGiveUp;
    return [{ ...base, kind: deadlineNotice, teamId: after.assignedTeam.id, giveUpAt }];
  }
  if (before.status === after.status && before.offer?.teamId === after.offer?.teamId) return [];
  const notices: NoticeMessage[] = [];
  if (after.status === 'OFFERED' && after.offer) {
    notices.push({ ...base, kind: 'offer', teamId: after.offer.teamId, giveUpAt: after.offer.deadline });
  }
  const lostTeam = before.offer?.teamId ?? (before.status === 'ACCEPTED' ? before.assignedTeam?.id : undefined);
  // Staff took it back from the team holding the order, or the offer (a team's own decline or lapse is no news to it).
  const takenBack = after.status === 'WAITING' && (before.status === 'ACCEPTED' || (before.status === 'OFFERED' && actor === 'admin'));
  // Ended by someone else: the resident or staff cancelled or rejected it, or staff took it back.
  const endedByOthers = after.status === 'CANCELLED' || after.status === 'REJECTED' || takenBack;
  if (endedByOthers && lostTeam) {
    notices.push({ ...base, kind: 'offer-cancelled', teamId: lostTeam, giveUpAt: residentGiveUp });
  }
  // A team's claim is its order (told above); a volunteer or a work unit is told at their phone.
  const lostClaimer = before.status === 'ACCEPTED' ? before.claim?.claimer : undefined;
  if (endedByOthers && lostClaimer && lostClaimer.kind !== 'team') {
    const claimer = { kind: lostClaimer.kind, id: lostClaimer.id };
    notices.push({ ...base, kind: 'claim-cancelled', claimer, giveUpAt: residentGiveUp });
  }
  const residentKind = (
    { ACCEPTED: 'accepted', COMPLETED: 'completed', ESCALATED: 'escalated', EXPIRED: 'expired', REJECTED: 'rejected' } as const
  )[after.status as 'ACCEPTED'] as NoticeKind | undefined;
  // Cancelled by staff: the resident (who may have ordered by phone, 代点单) would wait for nobody.
  // A resident who cancelled saw their own page say so.
  if (after.status === 'CANCELLED' && before.status !== 'CANCELLED' && actor === 'admin')
    notices.push({ ...base, kind: 'cancelled', giveUpAt: residentGiveUp });
  // Back with the center after an offer it made by hand: the resident heard of the first escalation.
  const escalatedAgain = after.status === 'ESCALATED' && escalatedBefore(before);
  if (residentKind && before.status !== after.status && !escalatedAgain)
    notices.push({ ...base, kind: residentKind, giveUpAt: residentGiveUp });
  return notices;
}

/**
 * The tracking code by SMS, for a request ordered on the web form (the confirmation page may be
 * closed, or its answer lost on a slow network) or by staff for the resident (代点单: they never
 * saw it). A JSON caller has it in the answer, and its own records. The public form texts only a
 * mainland mobile: anyone can type any number there, and paid SMS to foreign (premium) numbers
 * would spend the deployment's SMS budget; the confirmation page shows the code to the others.
 */
export function noticesForNew(request: ServiceRequest): NoticeMessage[] {
  if (request.channel === 'api') return [];
  if (request.channel === 'web' && !mainlandNational(request.contact.phone)) return [];
  const giveUpAt = new Date(Date.parse(request.createdAt) + RESIDENT_NOTICE_LIFETIME_MS).toISOString();
  return [{ requestId: request.id, version: request.version, kind: 'received', giveUpAt }];
}

/** The outbox message of a notice; its id is unique per request, version and kind. */
export function noticeOutboxMessage(notice: NoticeMessage, now: Date): OutboxMessage {
  return {
    id: noticeId(notice),
    requestId: notice.requestId,
    queue: 'notify',
    body: notice,
    dueAt: new Date(now.getTime() + RELAY_AFTER_MS).toISOString(),
    giveUpAt: notice.giveUpAt,
  };
}

/**
 * An offer's deadline plus this, the sweep that ends it on time has run: its notice, never sent
 * to any target, stays in the outbox until then (unsent, not sent again), so the sweep reads the
 * offer as one its team was never told of, whichever of the relay and the sweep runs first at the
 * deadline. Later, the sweep counts any lapse as unreached anyway (the system was away).
 */
export const LATE_SWEEP_MINUTES = 10;

/** When a notice past its give-up time may be removed unsent: an offer's only after the sweep has read it (`LATE_SWEEP_MINUTES`). */
export function removableUnsentAt(kind: unknown, giveUpAt: string): number {
  return Date.parse(giveUpAt) + (kind === 'offer' ? LATE_SWEEP_MINUTES * 60_000 : 0);
}

/**
 * Whether a notice removed unsent past its give-up time is for staff to follow up by hand
 * (`givenUp`): not an offer's, which the sweep has ended as `unreached` and made again or passed
 * to the center (its dropped link is dead).
 */
export function followedUpByHand(kind: unknown): boolean {
  return kind !== 'offer';
}

export function noticeId(notice: Pick<NoticeMessage, 'version' | 'kind'>): string {
  return `notice-v${notice.version}-${notice.kind}`;
}

/**
 * What the notify queue carries: a request's notices, volunteers' sign-in codes
 * (`sign-in-code-message.ts`) and teams' invitations by SMS (`team-invitation-message.ts`).
 */
export type NotifyMessage = NoticeMessage | SignInCodeMessage | TeamInvitationMessage;

export function parseNotifyMessage(body: string): NotifyMessage {
  const json = parseJsonOrThrow(z.unknown(), body);
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (kind === 'sign-in-code') return parseOrThrow(signInCodeMessage, json);
  if (kind === 'team-invitation') return parseOrThrow(teamInvitationMessage, json);
  return parseOrThrow(noticeMessage, json);
}
