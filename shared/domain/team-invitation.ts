/**
 * A team's invitation to a volunteer (邀请入队): a team adds people by phone, and only the person
 * with that phone makes it a membership, by accepting on their own page. An invitation is kept by
 * the phone's hash, not by the person, so it is made the same way whether anyone registered the
 * phone or not (the team learns nothing from it) and waits for someone who registers it later.
 */
import { newRequestId, sha256 } from './identifiers';

/** How long an invitation waits for an answer; then it is gone as if never made. */
export const INVITATION_DAYS = 14;

export interface TeamInvitation {
  /** `<teamId>.<20 random characters>`: names the team, unguessable; a new one each time the team invites again after an answer. */
  readonly id: string;
  readonly teamId: string;
  /** `invitationPhoneKey` of the phone the team gave. */
  readonly phoneKey: string;
  /** The phone as the team may see it again (they typed it): `138****5678`. */
  readonly maskedPhone: string;
  readonly invitedAt: string;
  readonly expiresAt: string;
}

/** The key invitations are kept by: the phone (E.164) hashed, never the phone itself. */
export const invitationPhoneKey = (phone: string) => sha256(`invitation:${phone}`);

export function newInvitation(teamId: string, phone: string, maskedPhone: string, now: Date): TeamInvitation {
  return {
    id: `${teamId}.${newRequestId()}`,
    teamId,
    phoneKey: invitationPhoneKey(phone),
    maskedPhone,
    invitedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000).toISOString(),
  };
}

/** The team an invitation id names, or undefined for text that is no invitation id. */
export function invitationTeamOf(id: string): string | undefined {
  return /^([a-z0-9-]{2,40})\.[0-9a-z]{20}$/.exec(id)?.[1];
}
