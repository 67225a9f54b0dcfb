/**
 * The notify queue's consumer for teams' invitations (`send-notifications`): opens the sealed
 * message and sends the invited phone one SMS with the team's name and the link to the
 * volunteer's page (`/me`: sign in, or register, there). Every phone alike, registered or not:
 * nothing here looks the person up. Only while the invitation waits for the phone's answer (not
 * once it lapsed, was withdrawn, declined or accepted), once per invitation however often the
 * message arrives (the delivery log, on the invitation's id), a few a day to one phone, and within
 * the deployment's day's budget.
 */
import { beijingDay } from '#shared/domain/beijing-day';
import { renderTeamInvitation } from '#shared/domain/notice-text';
import {
  INVITATION_SMS_PER_DAY,
  INVITATION_SMS_PER_PHONE_PER_DAY,
  invitationPhoneKey,
  invitationSmsPhoneKey,
  legacyInvitationPhoneKey,
} from '#shared/domain/team-invitation';
import { openedTeamInvitation, type TeamInvitationMessage, teamInvitationKeyId } from '#shared/domain/team-invitation-message';
import type { Clock } from '#shared/ports/clock';
import type { DeliveryLog } from '#shared/ports/delivery-log';
import type { NotificationSender } from '#shared/ports/notification-sender';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { SigningKeys } from '#shared/ports/signing-keys';
import type { TeamInvitations } from '#shared/ports/team-invitations';
import type { TeamRepository } from '#shared/ports/team-repository';
import { type SmsLimit, type SmsOnceOutcome, smsOnce } from './sms-once';

export interface SendTeamInvitationDeps {
  readonly invitations: Pick<TeamInvitations, 'forPhone'>;
  readonly limiter: Pick<RateLimiter, 'take' | 'counted'>;
  readonly teams: Pick<TeamRepository, 'get'>;
  readonly signingKeys: Pick<SigningKeys, 'find' | 'identityKey'>;
  readonly sender: NotificationSender;
  readonly deliveries: DeliveryLog;
  readonly clock: Clock;
  /** The deployment's address: the SMS links to its `/me`. */
  readonly publicUrl: string;
}

/**
 * What `smsOnce` did, or `not-pending` (nothing sent: the invitation lapsed, was withdrawn or
 * answered, or its team is gone), `too-late` (past the message's give-up time).
 */
export type TeamInvitationOutcome = SmsOnceOutcome | { readonly kind: 'not-pending' | 'too-late' };

/** The message does not open with any key of the ring (sealed with a key revoked since, or altered): it fails, and reaches the DLQ. */
export class UnreadableTeamInvitationError extends Error {
  override readonly name = 'UnreadableTeamInvitationError';
  constructor() {
    super('a team invitation message that no key of the ring opens');
  }
}

/** One key per invitation: its id (the team and a random part), nothing of the phone. */
const deliveryKeyOf = (message: Pick<TeamInvitationMessage, 'id'>) => `team-invitation#${message.id}`;

export async function sendTeamInvitation(deps: SendTeamInvitationDeps, message: TeamInvitationMessage): Promise<TeamInvitationOutcome> {
  const now = deps.clock.now();
  if (Date.parse(message.giveUpAt) <= now.getTime()) return { kind: 'too-late' };
  const key = await deps.signingKeys.find(teamInvitationKeyId(message));
  const opened = key && openedTeamInvitation(key, message);
  if (!opened) throw new UnreadableTeamInvitationError();
  // Waiting for the phone's answer: the person's half of this very invitation (gone once withdrawn, declined, accepted or lapsed).
  const waiting = async (phoneKey: string) => (await deps.invitations.forPhone(phoneKey, now)).find((i) => i.id === message.id);
  const phoneKey = invitationPhoneKey(await deps.signingKeys.identityKey(), opened.phone);
  const invitation =
    (await waiting(phoneKey)) ??
    // Upgrade shim, with `legacyInvitationPhoneKey`: one made before the keyed hash and queued again by the team.
    (await waiting(legacyInvitationPhoneKey(opened.phone)));
  const team = invitation && (await deps.teams.get(invitation.teamId));
  if (!team) return { kind: 'not-pending' };
  // The phone's day and the deployment's: counted only for an SMS that went (a try that fails for now counts nothing).
  const limits = [{ ...INVITATION_SMS_PER_PHONE_PER_DAY, key: invitationSmsPhoneKey(phoneKey) }, INVITATION_SMS_PER_DAY];
  const day = beijingDay(now);
  const limit: SmsLimit = {
    allows: async () =>
      (await Promise.all(limits.map(async (l) => (await deps.limiter.counted(l.key, l.windowSeconds, day)) < l.limit))).every(Boolean),
    counts: async () => void (await Promise.all(limits.map((l) => deps.limiter.take(l.key, l.limit, l.windowSeconds, day)))),
  };
  const notice = renderTeamInvitation(message.id, team.name.zh, `${deps.publicUrl}/me`);
  return smsOnce(deps, deliveryKeyOf(message), opened.phone, notice, limit);
}
