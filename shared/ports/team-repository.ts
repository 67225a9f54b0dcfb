import type { Team, TeamLoad } from '#shared/domain/team';

/** Thrown by `register` with `mustBeNew` when a team with that id exists. */
export class TeamExistsError extends Error {}

/** Volunteer teams and the services and areas they cover. */
export interface TeamRepository {
  get(id: string): Promise<TeamLoad | undefined>;
  /**
   * Stores a team and the service codes it handles (and no others); a known team keeps its
   * current load. `mustBeNew`: refuse (TeamExistsError) when the id is taken.
   */
  register(team: Team, handles: readonly string[], options?: { readonly mustBeNew?: boolean }): Promise<void>;
  /** Teams stationed in `areaId` or inside it (every team without an area), by station area. */
  stationedWithin(areaId?: string): Promise<TeamLoad[]>;
  /** Pauses or resumes a team; false when there is no such team. */
  setPaused(teamId: string, paused: boolean): Promise<boolean>;
  /**
   * Teams that handle `serviceCode` and serve one of `areaIds` (a request's area and its
   * ancestors). Costs one index query per area id plus one read per candidate: it grows with
   * the candidates, never with the number of teams.
   */
  candidates(serviceCode: string, areaIds: readonly string[]): Promise<TeamLoad[]>;
  /** Teams that handle `serviceCode` and serve `areaId` or any area inside it. */
  servingWithin(serviceCode: string, areaId: string): Promise<TeamLoad[]>;
  /** Stores the hash of the team's API token, replacing any earlier one. */
  setTokenHash(teamId: string, hash: string): Promise<void>;
  /** The stored hash of the team's API token, if it has one. */
  tokenHash(teamId: string): Promise<string | undefined>;
  /** The service codes a team was registered to handle. */
  handledServices(teamId: string): Promise<string[]>;
}
