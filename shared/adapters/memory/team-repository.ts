/**
 * The teams on Maps, indexed the way the table is: coverage by (service, served area), so
 * `candidates(service, lineage(area))` is one map lookup per area level and returns what the
 * DynamoDB adapter returns. Used by the unit tests and, with its thousand teams, by the
 * simulation, which is why the lists hold the team objects themselves and answers are cached
 * until a team is registered again.
 *
 * The team objects are live: `active` and `recentOrders` change in place as the request store
 * reserves and releases capacity, and `patch` changes a team in place (one writer at a time).
 * `get` answers a copy, as the table does: a team read once and held does not follow later
 * changes. Every registration or change raises the team's `version`, as the table's writes do.
 */
import { refuseEmptyArea } from '#shared/ports/area-repository';
import { isWithin, lineage } from '#shared/domain/area';
import type { Service } from '#shared/domain/catalog';
import { servicesHandledBy, type Team, type TeamChanges, type TeamLoad } from '#shared/domain/team';
import {
  CapacityBelowLoadError,
  MAX_NEW_TEAM_SERVICES,
  TeamExistsError,
  teamPage,
  teamPlaceOrder,
  type TeamPlace,
  type TeamRepository,
  type TeamUpdateOptions,
  type TeamUpdates,
} from '#shared/ports/team-repository';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A team with its live load. */
export interface LiveTeam extends Mutable<TeamLoad> {
  recentOrders: Record<string, number>;
}

export class MemoryTeams implements TeamRepository, TeamUpdates {
  readonly teams = new Map<string, LiveTeam>();
  readonly tokenHashes = new Map<string, string>();
  private readonly coverage = new Map<string, LiveTeam[]>();
  private readonly handles = new Map<string, string[]>();
  private readonly within = new Map<string, LiveTeam[]>();
  private readonly byRequestArea = new Map<string, LiveTeam[]>();

  /** `teams` registered with the services of `services` each one handles (by its categories). */
  constructor(teams: readonly Team[] = [], services: readonly Pick<Service, 'code' | 'category'>[] = []) {
    for (const team of teams) this.add(team, servicesHandledBy(team, services));
  }

  private add(team: Team, handles: readonly string[]): void {
    const known = this.teams.get(team.id);
    if (known) this.uncover(known);
    // As the table's update does: the given fields set, the live load and orders kept (a new
    // team starts with none), fields the team leaves out left as they were.
    const { recentOrders: _orders, active: _active, version: _version, ...given } = team as Team & Partial<TeamLoad>;
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Team;
    const live: LiveTeam = known ? Object.assign(known, fields) : { ...fields, active: 0, recentOrders: {} };
    live.version = (known?.version ?? 0) + 1;
    this.teams.set(team.id, live);
    this.handles.set(team.id, [...handles].sort());
    for (const code of handles) {
      const key = `${code}#${team.servesAreaId}`;
      const list = this.coverage.get(key);
      if (list) list.push(live);
      else this.coverage.set(key, [live]);
    }
    this.within.clear();
    this.byRequestArea.clear();
  }

  private uncover(team: LiveTeam): void {
    for (const [key, list] of this.coverage) {
      const at = list.indexOf(team);
      if (at < 0) continue;
      list.splice(at, 1);
      if (list.length === 0) this.coverage.delete(key);
    }
  }

  /**
   * Changes a team's stored fields in place (its load, pause, rating, orders of the month), as
   * another writer would between two reads. Not its coverage: `register` it again for that.
   */
  patch(teamId: string, changes: Partial<Omit<LiveTeam, 'id' | 'servesAreaId'>>): LiveTeam {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`No team ${teamId}`);
    return Object.assign(team, changes);
  }

  /** What `candidates` returns, without the promise. */
  candidatesNow(serviceCode: string, areaIds: readonly string[]): LiveTeam[] {
    const out: LiveTeam[] = [];
    for (const areaId of areaIds) {
      const list = this.coverage.get(`${serviceCode}#${areaId}`);
      if (list) out.push(...list);
    }
    return out;
  }

  /** The teams `candidates(serviceCode, lineage(areaId))` returns, without the promise; cached. */
  candidatesFor(serviceCode: string, areaId: string): readonly LiveTeam[] {
    const key = `${serviceCode}#${areaId}`;
    let list = this.byRequestArea.get(key);
    if (!list) this.byRequestArea.set(key, (list = this.candidatesNow(serviceCode, lineage(areaId))));
    return list;
  }

  async get(id: string): Promise<TeamLoad | undefined> {
    const team = this.teams.get(id);
    return team && { ...team, recentOrders: { ...team.recentOrders } };
  }

  /** As the table's transaction: all or nothing, and no more than it holds. */
  async create(team: Team, handles: readonly string[], tokenHash: string): Promise<void> {
    if (handles.length > MAX_NEW_TEAM_SERVICES)
      throw new Error(`A transaction holds the team and ${MAX_NEW_TEAM_SERVICES} services at most`);
    if (this.teams.has(team.id)) throw new TeamExistsError(team.id);
    this.add(team, handles);
    this.tokenHashes.set(team.id, tokenHash);
  }

  async register(team: Team, handles: readonly string[]): Promise<void> {
    this.add(team, handles);
  }

  /** As the table does it: only the given fields and the coverage, the capacity checked against the load. */
  async update(teamId: string, changes: TeamChanges, options: TeamUpdateOptions): Promise<TeamLoad | undefined> {
    const stored = this.teams.get(teamId);
    if (!stored) return undefined;
    options.guard?.(stored);
    if (changes.capacity !== undefined && stored.active > changes.capacity)
      throw new CapacityBelowLoadError(changes.capacity, stored.active);
    const fields = Object.entries(changes).filter(([, v]) => v !== undefined);
    const next: Team = { ...stored, ...Object.fromEntries(fields) };
    this.add(next, options.handles(next));
    return { ...stored };
  }

  async stationedWithin(areaId?: string): Promise<TeamLoad[]> {
    refuseEmptyArea(areaId);
    return [...this.teams.values()].filter((t) => !areaId || isWithin(t.stationAreaId, areaId));
  }

  async stationedPage(areaId: string | undefined, limit: number, after?: TeamPlace): Promise<{ teams: TeamLoad[]; next?: TeamPlace }> {
    const listed = (await this.stationedWithin(areaId)).sort(teamPlaceOrder);
    return teamPage(
      listed.filter((t) => !after || teamPlaceOrder(t, after) > 0),
      limit,
    );
  }

  async setPaused(teamId: string, paused: boolean): Promise<boolean> {
    const team = this.teams.get(teamId);
    if (team) team.paused = paused;
    return team !== undefined;
  }

  async candidates(serviceCode: string, areaIds: readonly string[]): Promise<TeamLoad[]> {
    return this.candidatesNow(serviceCode, areaIds);
  }

  async servingWithin(serviceCodes: readonly string[], areaId: string): Promise<TeamLoad[]> {
    const key = `${serviceCodes.join(',')}#${areaId}`;
    let list = this.within.get(key);
    if (!list) {
      list = [...this.teams.values()].filter(
        (t) => isWithin(t.servesAreaId, areaId) && this.handles.get(t.id)!.some((code) => serviceCodes.includes(code)),
      );
      this.within.set(key, list);
    }
    return list;
  }

  async setTokenHash(teamId: string, hash: string): Promise<void> {
    this.tokenHashes.set(teamId, hash);
  }

  async tokenHash(teamId: string): Promise<string | undefined> {
    return this.tokenHashes.get(teamId);
  }

  /** Whether the team's coverage lists the service now (the table's `COVER#` item exists). */
  handlesNow(teamId: string, serviceCode: string): boolean {
    return this.handles.get(teamId)?.includes(serviceCode) ?? false;
  }

  async handledServices(teamId: string): Promise<string[]> {
    return [...(this.handles.get(teamId) ?? [])];
  }
}
