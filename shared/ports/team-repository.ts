import type { Team, TeamChanges, TeamLoad } from '#shared/domain/team';

/** Thrown by `create` when a team with that id exists. */
export class TeamExistsError extends Error {}

/**
 * The most services a team may handle when it is created: the team item and one coverage item
 * per service are one transaction, which holds at most 100 items. More are added by changing it.
 */
export const MAX_NEW_TEAM_SERVICES = 99;

/** Thrown by `update` when the new capacity is below the orders the team holds right now. */
export class CapacityBelowLoadError extends Error {
  constructor(
    readonly capacity: number,
    readonly active: number,
  ) {
    super(`capacity ${capacity} is below the ${active} orders held`);
  }
}

/** Thrown by `update` when other changes of the same team kept winning over this one. */
export class TeamChangeContendedError extends Error {}

/** Volunteer teams and the services and areas they cover. */
export interface TeamRepository {
  get(id: string): Promise<TeamLoad | undefined>;
  /**
   * Stores a new team, the service codes it handles and the hash of its first API token, all or
   * nothing (one transaction): TeamExistsError when the id is taken, and nothing written. At most
   * MAX_NEW_TEAM_SERVICES codes; more are refused whole.
   */
  create(team: Team, handles: readonly string[], tokenHash: string): Promise<void>;
  /**
   * Stores a team and the service codes it handles (and no others), in several writes; a known
   * team keeps its current load. For seeding and scripts, not for staff (`create`, `update`).
   */
  register(team: Team, handles: readonly string[]): Promise<void>;
  /** Teams stationed in `areaId` or inside it (every team without an area; an empty id is refused), by station area. */
  stationedWithin(areaId?: string): Promise<TeamLoad[]>;
  /**
   * One page of `stationedWithin`, in its order (station area, then id): at most `limit` teams
   * after `after`, and `next` when more follow. Reads about `limit` teams, however many there are.
   */
  stationedPage(areaId: string | undefined, limit: number, after?: TeamPlace): Promise<{ teams: TeamLoad[]; next?: TeamPlace }>;
  /** Pauses or resumes a team; false when there is no such team. */
  setPaused(teamId: string, paused: boolean): Promise<boolean>;
  /**
   * Teams that handle `serviceCode` and serve one of `areaIds` (a request's area and its
   * ancestors). Costs one index query per area id plus one read per candidate: it grows with
   * the candidates, never with the number of teams.
   */
  candidates(serviceCode: string, areaIds: readonly string[]): Promise<TeamLoad[]>;
  /**
   * Teams that handle any of `serviceCodes` and serve `areaId` or any area inside it, each once
   * (one index query per service, then one read per team however many of them it handles).
   */
  servingWithin(serviceCodes: readonly string[], areaId: string): Promise<TeamLoad[]>;
  /** Stores the hash of the team's API token, replacing any earlier one. */
  setTokenHash(teamId: string, hash: string): Promise<void>;
  /** The stored hash of the team's API token, if it has one. */
  tokenHash(teamId: string): Promise<string | undefined>;
  /** The service codes a team was registered to handle. */
  handledServices(teamId: string): Promise<string[]>;
}

/** Where a team stands in the teams' listing: its station area, then its id. */
export interface TeamPlace {
  readonly stationAreaId: string;
  readonly id: string;
}

/** A page of `limit` from the teams read in listing order, up to one more than the page. */
export function teamPage<T extends TeamPlace>(read: readonly T[], limit: number): { teams: T[]; next?: TeamPlace } {
  const teams = read.slice(0, limit);
  const last = teams.at(-1);
  return read.length > limit && last ? { teams, next: { stationAreaId: last.stationAreaId, id: last.id } } : { teams };
}

/** The listing order of teams: by station area, then id. */
export const teamPlaceOrder = (a: TeamPlace, b: TeamPlace): number =>
  a.stationAreaId === b.stationAreaId ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.stationAreaId < b.stationAreaId ? -1 : 1;

export interface TeamUpdateOptions {
  /** The service codes the team handles once changed (its coverage), from the team as it will be. */
  readonly handles: (team: Team) => readonly string[];
  /** Checks the team as stored before the write (throws to refuse); the write holds only if it is still so. */
  readonly guard?: (stored: TeamLoad) => void;
}

/** Staff's changes of a team (admin-teams). */
export interface TeamUpdates {
  /**
   * Changes only the given fields of the team, with its coverage, all or nothing: never its
   * live `active` count, `recentOrders` or `paused`, so offers, releases and a pause at the same
   * time all land. A `capacity` below the orders the team holds is refused by the write's own
   * condition (CapacityBelowLoadError), so no offer slips in between. Two changes of the same
   * team at once are applied one after the other, each on the other's result; one that keeps
   * losing gives up (TeamChangeContendedError). Undefined when there is no such team. With no
   * changes, it brings the coverage alone up to `handles` (the menu changed under the team).
   */
  update(teamId: string, changes: TeamChanges, options: TeamUpdateOptions): Promise<TeamLoad | undefined>;
}
