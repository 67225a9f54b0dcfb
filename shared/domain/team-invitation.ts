/**
 * A team's invitation to a volunteer (邀请入队): a team adds people by phone, and only the person
 * with that phone makes it a membership, by accepting on their own page. An invitation is kept by
 * the phone's keyed hash, not by the person, so it is made the same way whether anyone registered
 * the phone or not (the team learns nothing from it) and waits for someone who registers it later.
 */
import { newRequestId, sha256 } from './identifiers';
import { keyedPhoneHash } from './phone-hash';

/** How long an invitation waits for an answer; then it is gone as if never made. */
export const INVITATION_DAYS = 14;

/**
 * Invitation SMS the whole deployment sends per day (of Beijing time, `beijingDay`, as the one
 * below): a bound on what sending SMS to numbers teams type can cost (a leaked team token, many
 * teams at once), well above a city's busiest day of signing up volunteers. Past it invitations are still made and wait on the person's page, without
 * an SMS, and the team is told so (it tells the person itself).
 */
export const INVITATION_SMS_PER_DAY = { key: 'invitation-sms:deployment', limit: 5000, windowSeconds: 24 * 60 * 60 } as const;
/**
 * Invitation SMS one phone gets a day, from any teams: so teams (or a leaked team token) that
 * invite, withdraw and invite again cannot flood one person's phone. Counted by the phone's keyed hash.
 */
export const INVITATION_SMS_PER_PHONE_PER_DAY = { limit: 5, windowSeconds: 24 * 60 * 60 } as const;
export const invitationSmsPhoneKey = (phoneKey: string) => `invitation-sms:${phoneKey}`;

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

/**
 * The key invitations are kept by: the phone (E.164) under an HMAC whose key is derived from the
 * identity numbers' key (pinned, never rotated, so an invitation is found for all of its 14 days).
 * Never the phone itself, and not a plain hash either: beside the masked phone the team sees
 * (`138****5678`), a plain hash gives the number back in 10,000 tries to anyone holding the
 * invitation items, and most invited phones belong to people who agreed to nothing yet. The key
 * sits in the same table (`CONFIG#identity-key`), so this guards the items read or leaked without
 * it (a query's answer, a partial export), not a copy of the whole table: that waits for the keys
 * to move out of the table (docs/ARCHITECTURE.md, beside the key ring).
 */
export const invitationPhoneKey = (identityKey: Buffer, phone: string) => keyedPhoneHash(identityKey, 'invitation phones', phone);

/**
 * The plain hash invitations made before 2026-12-07 are kept by: looked up beside the keyed one
 * until the last of them lapses; remove once INVITATION_DAYS have passed after the upgrade.
 */
export const legacyInvitationPhoneKey = (phone: string) => sha256(`invitation:${phone}`);

export function newInvitation(identityKey: Buffer, teamId: string, phone: string, maskedPhone: string, now: Date): TeamInvitation {
  return {
    id: `${teamId}.${newRequestId()}`,
    teamId,
    phoneKey: invitationPhoneKey(identityKey, phone),
    maskedPhone,
    invitedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000).toISOString(),
  };
}

/** The team an invitation id names, or undefined for text that is no invitation id. */
export function invitationTeamOf(id: string): string | undefined {
  return /^([a-z0-9-]{2,40})\.[0-9a-z]{20}$/.exec(id)?.[1];
}
