/** The volunteer registry on Maps: a phone and an identity hash each one person's, as the table's conditional writes make them. */
import { isWithin } from '#shared/domain/area';
import { orderMonth } from '#shared/domain/team';
import type { Volunteer } from '#shared/domain/volunteer';
import type { Membership, VolunteerRegistry } from '#shared/ports/volunteer-registry';

export class MemoryVolunteerRegistry implements VolunteerRegistry {
  readonly people = new Map<string, Volunteer>();
  private readonly byPhone = new Map<string, string>();
  private readonly byIdentity = new Map<string, string>();
  /** `<teamId>|<volunteerId>` → membership. */
  private readonly memberships = new Map<string, Membership>();

  async register(volunteer: Volunteer): Promise<'registered' | 'phone-taken' | 'identity-taken'> {
    if (this.people.has(volunteer.id)) throw new Error(`Volunteer ${volunteer.id} exists`);
    if (this.byPhone.has(volunteer.phone)) return 'phone-taken';
    if (volunteer.identity && this.byIdentity.has(volunteer.identity.hash)) return 'identity-taken';
    this.people.set(volunteer.id, volunteer);
    this.byPhone.set(volunteer.phone, volunteer.id);
    if (volunteer.identity) this.byIdentity.set(volunteer.identity.hash, volunteer.id);
    return 'registered';
  }

  async get(id: string): Promise<Volunteer | undefined> {
    return this.people.get(id);
  }

  async findByPhone(phone: string): Promise<Volunteer | undefined> {
    const id = this.byPhone.get(phone);
    return id === undefined ? undefined : this.people.get(id);
  }

  async addMember(membership: Membership): Promise<void> {
    const key = `${membership.teamId}|${membership.volunteerId}`;
    if (!this.memberships.has(key)) this.memberships.set(key, membership);
  }

  async removeMember(teamId: string, volunteerId: string): Promise<boolean> {
    return this.memberships.delete(`${teamId}|${volunteerId}`);
  }

  async members(teamId: string): Promise<Membership[]> {
    return [...this.memberships.values()].filter((m) => m.teamId === teamId).sort((a, b) => a.volunteerId.localeCompare(b.volunteerId));
  }

  async registrations(areaId: string, fromMonth: string, toMonth: string): Promise<{ month: string; registered: number }[]> {
    const counts = new Map<string, number>();
    for (const v of this.people.values()) {
      const month = orderMonth(new Date(v.registeredAt));
      if (isWithin(v.homeAreaId, areaId) && month >= fromMonth && month <= toMonth) counts.set(month, (counts.get(month) ?? 0) + 1);
    }
    return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([month, registered]) => ({ month, registered }));
  }

  async teamsOf(volunteerId: string): Promise<Membership[]> {
    return [...this.memberships.values()].filter((m) => m.volunteerId === volunteerId).sort((a, b) => a.teamId.localeCompare(b.teamId));
  }
}
