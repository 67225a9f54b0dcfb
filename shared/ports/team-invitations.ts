import type { TeamInvitation } from '#shared/domain/team-invitation';

/**
 * Teams' invitations, by phone key and by team. An invitation past its `expiresAt` is gone for
 * every method (the table's TTL removes it later); accepting writes the membership in the same
 * write as the invitation goes, so an invitation is never both answered and pending.
 */
export interface TeamInvitations {
  /**
   * Makes the invitation, unless the team has one pending for the same phone: then that one
   * stands (returned), so inviting twice is one invitation with one expiry.
   */
  invite(invitation: TeamInvitation, now: Date): Promise<TeamInvitation>;
  /** The phone's pending invitations, oldest first. */
  forPhone(phoneKey: string, now: Date): Promise<TeamInvitation[]>;
  /** The team's pending invitations, oldest first. */
  ofTeam(teamId: string, now: Date): Promise<TeamInvitation[]>;
  /**
   * The pending invitation `id` for the phone becomes the person's membership of its team (a
   * member already keeps their first `since`); 'gone' when there is no such invitation pending
   * (withdrawn, declined, expired, accepted before).
   */
  accept(id: string, phoneKey: string, volunteerId: string, now: Date): Promise<'accepted' | 'gone'>;
  /**
   * The phone's pending invitation `id` is gone for the phone; the team's copy stays pending until it
   * lapses (a team cannot tell a decline from silence); false when it was not pending.
   */
  decline(id: string, phoneKey: string, now: Date): Promise<boolean>;
  /** The team's pending invitation `id` is gone (declined or not); false when it was not pending. */
  withdraw(id: string, now: Date): Promise<boolean>;
}
