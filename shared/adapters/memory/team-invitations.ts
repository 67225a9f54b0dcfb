/**
 * Teams' invitations on a Map, accepting into the in-memory registry's memberships, as the table's
 * one transaction does; a declined one stays the team's until it lapses, as on the table, and the
 * phone's again when the team invites it again.
 */
import { type TeamInvitation, invitationTeamOf } from '#shared/domain/team-invitation';
import type { TeamInvitations } from '#shared/ports/team-invitations';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

export class MemoryTeamInvitations implements TeamInvitations {
  /** `<teamId>|<phoneKey>` → the invitation. */
  private readonly invitations = new Map<string, TeamInvitation>();
  /** Ids of invitations their phone declined: gone for the phone, pending for the team until they lapse. */
  private readonly declined = new Set<string>();

  constructor(private readonly volunteers: Pick<VolunteerRegistry, 'addMember'>) {}

  async invite(invitation: TeamInvitation, now: Date): Promise<TeamInvitation> {
    const key = `${invitation.teamId}|${invitation.phoneKey}`;
    const pending = this.pendingAt(key, now);
    // Invited again after a decline: the phone sees the same invitation again.
    if (pending) this.declined.delete(pending.id);
    if (pending) return pending;
    this.invitations.set(key, invitation);
    return invitation;
  }

  async forPhone(phoneKey: string, now: Date): Promise<TeamInvitation[]> {
    return this.pending(now).filter((i) => i.phoneKey === phoneKey && !this.declined.has(i.id));
  }

  async ofTeam(teamId: string, now: Date): Promise<TeamInvitation[]> {
    return this.pending(now).filter((i) => i.teamId === teamId);
  }

  async accept(id: string, phoneKey: string, volunteerId: string, now: Date): Promise<'accepted' | 'gone'> {
    const teamId = invitationTeamOf(id);
    if (!teamId || this.declined.has(id) || !this.take(id, `${teamId}|${phoneKey}`, now)) return 'gone';
    await this.volunteers.addMember({ teamId, volunteerId, since: now.toISOString() });
    return 'accepted';
  }

  async decline(id: string, phoneKey: string, now: Date): Promise<boolean> {
    const teamId = invitationTeamOf(id);
    if (teamId === undefined || this.declined.has(id) || this.pendingAt(`${teamId}|${phoneKey}`, now)?.id !== id) return false;
    this.declined.add(id);
    return true;
  }

  async withdraw(id: string, now: Date): Promise<boolean> {
    const pending = this.pending(now).find((i) => i.id === id);
    return pending !== undefined && this.take(id, `${pending.teamId}|${pending.phoneKey}`, now);
  }

  private take(id: string, key: string, now: Date): boolean {
    if (this.pendingAt(key, now)?.id !== id) return false;
    return this.invitations.delete(key);
  }

  private pendingAt(key: string, now: Date): TeamInvitation | undefined {
    const found = this.invitations.get(key);
    return found && found.expiresAt > now.toISOString() ? found : undefined;
  }

  private pending(now: Date): TeamInvitation[] {
    return [...this.invitations.values()]
      .filter((i) => i.expiresAt > now.toISOString())
      .sort((a, b) => a.invitedAt.localeCompare(b.invitedAt) || a.id.localeCompare(b.id));
  }
}
