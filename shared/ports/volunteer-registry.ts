import type { Volunteer } from '#shared/domain/volunteer';

export interface Membership {
  readonly teamId: string;
  readonly volunteerId: string;
  readonly since: string;
}

/**
 * The registered volunteers and their teams. A phone belongs to one person, and so does an
 * identity document (by its keyed hash): `register` takes both in the same write as the person.
 */
export interface VolunteerRegistry {
  register(volunteer: Volunteer): Promise<'registered' | 'phone-taken' | 'identity-taken'>;
  get(id: string): Promise<Volunteer | undefined>;
  /** `phone` in E.164. */
  findByPhone(phone: string): Promise<Volunteer | undefined>;
  /** Idempotent: adding a member again keeps the first `since`. */
  addMember(membership: Membership): Promise<void>;
  /** False when the person was not a member. */
  removeMember(teamId: string, volunteerId: string): Promise<boolean>;
  members(teamId: string): Promise<Membership[]>;
  teamsOf(volunteerId: string): Promise<Membership[]>;
  /**
   * New registrations in an area (any level: people whose home community is within it) per
   * Shanghai month, `YYYY-MM`, from `fromMonth` to `toMonth` inclusive; months with none left out.
   * Counted in the registration's own write, so exactly once.
   */
  registrations(areaId: string, fromMonth: string, toMonth: string): Promise<{ month: string; registered: number }[]>;
}
