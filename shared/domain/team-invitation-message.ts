/**
 * A team's invitation on its way to the invited phone by SMS (邀请短信). Inviting puts one on the
 * notify queue for any phone, registered or not, so the team's request takes the same work either
 * way; the consumer (`send-team-invitation.ts`) sends it to the phone whoever holds it, with the
 * team's name and the link to the volunteer's page. The phone travels sealed (`sealed-box.ts`),
 * bound to the invitation's id and the give-up time, so the queue, its DLQ and the logs never
 * hold it.
 */
import * as z from '#shared/domain/zod';
import { open, type SealingKey, seal, sealedKeyId } from './sealed-box';
import { invitationTeamOf, type TeamInvitation } from './team-invitation';

const PURPOSE = 'team invitation messages v1';

/**
 * Hours after the invitation was made that its SMS is still worth sending. The SMS says to answer
 * within `INVITATION_DAYS` (a template's fixed text: no variable for the time left), so it goes
 * while that is still true to the nearest day. Inviting again within them queues the message again
 * (the consumer sends once per invitation), so a message lost between the invitation's write and
 * the queue is sent when the team tries again; after them the invitation waits on the person's
 * page only.
 */
export const INVITATION_SMS_HOURS = 12;

export const teamInvitationMessage = z.strictObject({
  kind: z.literal('team-invitation'),
  /** The invitation's id (`<teamId>.<20 characters>`): the consumer's business key, one SMS per invitation. */
  id: z.string().check(z.refine((id) => invitationTeamOf(id) !== undefined, 'an invitation id')),
  /** `<keyId>.<base64url>`: the phone, sealed. */
  sealed: z.string().check(z.minLength(3), z.maxLength(512)),
  /** After this the SMS is not sent (`INVITATION_SMS_HOURS` after the invitation, before it lapses). */
  giveUpAt: z.iso.datetime(),
});
export type TeamInvitationMessage = z.infer<typeof teamInvitationMessage>;

const aadOf = (message: Pick<TeamInvitationMessage, 'id' | 'giveUpAt'>) => `team-invitation|${message.id}|${message.giveUpAt}`;

/** The message carrying `invitation` to `phone` (E.164), sealed with `key` (the ring's current key). */
export function sealedTeamInvitation(
  key: SealingKey,
  invitation: Pick<TeamInvitation, 'id' | 'invitedAt' | 'expiresAt'>,
  phone: string,
): TeamInvitationMessage {
  const giveUp = Math.min(Date.parse(invitation.invitedAt) + INVITATION_SMS_HOURS * 3600_000, Date.parse(invitation.expiresAt));
  const head = { kind: 'team-invitation' as const, id: invitation.id, giveUpAt: new Date(giveUp).toISOString() };
  return { ...head, sealed: seal(key, PURPOSE, JSON.stringify({ phone }), aadOf(head)) };
}

/** The id of the key the message was sealed with: look it up in the ring to open it. */
export const teamInvitationKeyId = (message: TeamInvitationMessage) => sealedKeyId(message.sealed);

/** The phone, or undefined when `key` did not seal this very message (another key, another message, altered). */
export function openedTeamInvitation(key: SealingKey, message: TeamInvitationMessage): { phone: string } | undefined {
  const text = open(key, PURPOSE, message.sealed, aadOf(message));
  if (text === undefined) return undefined;
  const { phone } = JSON.parse(text) as { phone: string };
  return { phone };
}
