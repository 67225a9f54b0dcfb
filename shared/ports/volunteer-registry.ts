import type { HomeMove } from '#shared/domain/volunteer-move';
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
  /**
   * The person's phone `from` becomes `to` (E.164), in one write: `to` made theirs, `from` freed,
   * their `sessionVersion` one more (their sessions end). `phone-taken` when another person has
   * `to`; `stale` when the person's phone is no longer `from` (another change came first: nothing
   * written); `unchanged` when `from` is `to` and still theirs.
   */
  changePhone(id: string, from: string, to: string): Promise<'changed' | 'unchanged' | 'phone-taken' | 'stale'>;
  /**
   * The person's home community `move.from` becomes `move.to`, and the move is kept in their
   * record, in one write. `stale` when their home is no longer `move.from` (another move came
   * first, or there is no such person): nothing written. Registrations counted stay where they were.
   */
  moveHome(move: HomeMove): Promise<'moved' | 'stale'>;
  /** The person's moves, oldest first. */
  movesOf(volunteerId: string): Promise<HomeMove[]>;
  /** Idempotent: adding a member again keeps the first `since`. */
  addMember(membership: Membership): Promise<void>;
  /** False when the person was not a member. */
  removeMember(teamId: string, volunteerId: string): Promise<boolean>;
  members(teamId: string): Promise<Membership[]>;
  teamsOf(volunteerId: string): Promise<Membership[]>;
  /**
   * Counts a registered person's service in the statistics of every area of the place it was
   * done (the community and each area above it) in its Shanghai month: the hours and the
   * service once per person and request, and the person as active once per area and month,
   * however often it is called. A service counts while its hours are above zero. A call with
   * other hours and a `version` no lower than the one counted (an hours correction) brings the
   * count to them: the difference in hours, the service taken out at zero and back above it; a
   * call with the hours counted, or a lower version (a stale or retried correction), changes
   * nothing, and so does any call for a service counted before the count kept its figures
   * (2026-12-07). The person stays active in a month once counted there.
   */
  countService(service: CountedService): Promise<void>;
  /**
   * Takes a registered person's service of a request back out of those statistics (a complaint
   * voided its credit): its hours and the service, once per person and request however often it
   * is called; a `countService` after it counts nothing. The person stays active in the month
   * (they served; other services may count for them there). A service counted before the count
   * kept its figures (2026-12-07) is not taken back.
   */
  uncountService(volunteerId: string, requestId: string): Promise<void>;
  /**
   * An area's volunteer statistics (any level) per Shanghai month, `YYYY-MM`, from `fromMonth`
   * to `toMonth` inclusive, months with nothing left out: new registrations (people whose home
   * community is within it, counted in the registration's own write) and the services done in it.
   */
  monthly(areaId: string, fromMonth: string, toMonth: string): Promise<VolunteerMonth[]>;
}

export interface CountedService {
  readonly volunteerId: string;
  readonly requestId: string;
  /** The community where the service was done. */
  readonly areaId: string;
  readonly month: string;
  readonly hours: number;
  /** Which figures these are: the corrections the ledger's credit holds (`adjustments`); 0 (or absent) when posted. */
  readonly version?: number;
}

export interface VolunteerMonth {
  readonly month: string;
  readonly registered: number;
  /** People who served there that month (each once). */
  readonly active: number;
  /** Person × request services done there that month, and their credited hours. */
  readonly services: number;
  readonly hours: number;
}
