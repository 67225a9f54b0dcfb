/** The volunteer registry on Maps: a phone and an identity hash each one person's, as the table's conditional writes make them. */
import { isWithin } from '#shared/domain/area';
import { orderMonth } from '#shared/domain/team';
import type { HomeMove } from '#shared/domain/volunteer-move';
import type { Volunteer } from '#shared/domain/volunteer';
import type { CountedService, Membership, VolunteerMonth, VolunteerRegistry } from '#shared/ports/volunteer-registry';

export class MemoryVolunteerRegistry implements VolunteerRegistry {
  readonly people = new Map<string, Volunteer>();
  private readonly byPhone = new Map<string, string>();
  private readonly byIdentity = new Map<string, string>();
  /** `<teamId>|<volunteerId>` → membership. */
  private readonly memberships = new Map<string, Membership>();
  /** `<volunteerId>|<requestId>` → the service as counted (`uncounted` once taken back, or never to count). */
  private readonly services = new Map<string, CountedService & { uncounted?: true }>();
  /** `<volunteerId>|<community>|<month>`: the person counted active there (and in each area above), for good. */
  private readonly active = new Set<string>();
  /** Where each person registered: their registration stays counted there when they move. */
  private readonly registeredIn = new Map<string, string>();
  private readonly moves: HomeMove[] = [];

  async register(volunteer: Volunteer): Promise<'registered' | 'phone-taken' | 'identity-taken'> {
    if (this.people.has(volunteer.id)) throw new Error(`Volunteer ${volunteer.id} exists`);
    if (this.byPhone.has(volunteer.phone)) return 'phone-taken';
    if (volunteer.identity && this.byIdentity.has(volunteer.identity.hash)) return 'identity-taken';
    this.people.set(volunteer.id, volunteer);
    this.registeredIn.set(volunteer.id, volunteer.homeAreaId);
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

  async changePhone(id: string, from: string, to: string): Promise<'changed' | 'unchanged' | 'phone-taken' | 'stale'> {
    const person = this.people.get(id);
    if (person?.phone !== from) return 'stale';
    if (from === to) return 'unchanged';
    if (this.byPhone.has(to)) return 'phone-taken';
    this.byPhone.set(to, id);
    if (this.byPhone.get(from) === id) this.byPhone.delete(from);
    this.people.set(id, { ...person, phone: to, sessionVersion: (person.sessionVersion ?? 0) + 1 });
    return 'changed';
  }

  async moveHome(move: HomeMove): Promise<'moved' | 'stale'> {
    const person = this.people.get(move.volunteerId);
    if (person?.homeAreaId !== move.from) return 'stale';
    this.people.set(person.id, { ...person, homeAreaId: move.to });
    this.moves.push(move);
    return 'moved';
  }

  async movesOf(volunteerId: string): Promise<HomeMove[]> {
    return this.moves.filter((m) => m.volunteerId === volunteerId);
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

  async countService(service: CountedService): Promise<void> {
    const key = `${service.volunteerId}|${service.requestId}`;
    const version = service.version ?? 0;
    const was = this.services.get(key);
    // As the table's marker: the first count, then a correction's hours if not stale; never after a void.
    if (!was) this.services.set(key, { ...service, version });
    else if (!was.uncounted && (was.version ?? 0) <= version && was.hours !== service.hours)
      // At zero the service counts nowhere: its place stays as it was.
      this.services.set(key, service.hours > 0 ? { ...service, version } : { ...was, hours: 0, version });
    // The same hours by a later correction: its version is kept, so an earlier one arriving late stays stale.
    else if (!was.uncounted && (was.version ?? 0) < version) this.services.set(key, { ...was, version });
    const now = this.services.get(key)!;
    if (!now.uncounted && now.hours > 0) this.active.add(`${now.volunteerId}|${now.areaId}|${now.month}`);
  }

  async uncountService(volunteerId: string, requestId: string): Promise<void> {
    const key = `${volunteerId}|${requestId}`;
    // Taken back; not counted yet, it never will be (as the table's marker put first).
    const counted = this.services.get(key);
    this.services.set(key, { ...(counted ?? { volunteerId, requestId, areaId: '', month: '', hours: 0 }), uncounted: true });
  }

  async monthly(areaId: string, fromMonth: string, toMonth: string): Promise<VolunteerMonth[]> {
    const months = new Map<string, { registered: number; active: Set<string>; services: number; hours: number }>();
    const monthOf = (month: string) => {
      let m = months.get(month);
      if (!m) months.set(month, (m = { registered: 0, active: new Set(), services: 0, hours: 0 }));
      return m;
    };
    const inPeriod = (month: string) => month >= fromMonth && month <= toMonth;
    for (const v of this.people.values()) {
      const month = orderMonth(new Date(v.registeredAt));
      if (isWithin(this.registeredIn.get(v.id) ?? v.homeAreaId, areaId) && inPeriod(month)) monthOf(month).registered++;
    }
    for (const s of this.services.values()) {
      if (s.uncounted || s.hours <= 0 || !isWithin(s.areaId, areaId) || !inPeriod(s.month)) continue;
      const m = monthOf(s.month);
      m.services++;
      m.hours += s.hours;
    }
    for (const served of this.active) {
      const [volunteerId, community, month] = served.split('|') as [string, string, string];
      if (isWithin(community, areaId) && inPeriod(month)) monthOf(month).active.add(volunteerId);
    }
    return [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ month, registered: m.registered, active: m.active.size, services: m.services, hours: m.hours }));
  }

  async teamsOf(volunteerId: string): Promise<Membership[]> {
    return [...this.memberships.values()].filter((m) => m.volunteerId === volunteerId).sort((a, b) => a.teamId.localeCompare(b.teamId));
  }
}
