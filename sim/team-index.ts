/**
 * The teams of a simulated city behind the TeamRepository port, in memory and indexed the way
 * the table is: coverage by (service, served area), so `candidates(service, lineage(area))`
 * is one map lookup per area level and returns what the DynamoDB adapter returns. The team
 * objects are live: `active` and `recentOrders` change as the request store reserves and
 * releases capacity (there is one writer at a time in the simulation).
 */
import { isWithin, lineage } from '#shared/domain/area';
import type { Service } from '#shared/domain/catalog';
import { servicesHandledBy, type Team, type TeamLoad } from '#shared/domain/team';
import { TeamExistsError, type TeamRepository } from '#shared/ports/team-repository';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A team with its live load. */
export interface LiveTeam extends Mutable<TeamLoad> {
  recentOrders: Record<string, number>;
}

export class TeamIndex implements TeamRepository {
  readonly teams = new Map<string, LiveTeam>();
  private readonly coverage = new Map<string, LiveTeam[]>();
  private readonly handles = new Map<string, string[]>();
  private readonly within = new Map<string, LiveTeam[]>();
  private readonly byRequestArea = new Map<string, LiveTeam[]>();

  constructor(teams: readonly Team[], services: readonly Pick<Service, 'code' | 'category'>[]) {
    for (const team of teams) this.add(team, servicesHandledBy(team, services));
  }

  private add(team: Team, handles: readonly string[]): void {
    const live: LiveTeam = { ...team, active: 0, recentOrders: {} };
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

  /** What `candidates` returns, without the promise. */
  candidatesNow(serviceCode: string, areaIds: readonly string[]): LiveTeam[] {
    const out: LiveTeam[] = [];
    for (const areaId of areaIds) {
      const list = this.coverage.get(`${serviceCode}#${areaId}`);
      if (list) out.push(...list);
    }
    return out;
  }

  /** The teams `candidates(serviceCode, lineage(areaId))` returns, without the promise. */
  candidatesFor(serviceCode: string, areaId: string): readonly LiveTeam[] {
    const key = `${serviceCode}#${areaId}`;
    let list = this.byRequestArea.get(key);
    if (!list) this.byRequestArea.set(key, (list = this.candidatesNow(serviceCode, lineage(areaId))));
    return list;
  }

  async get(id: string): Promise<TeamLoad | undefined> {
    return this.teams.get(id);
  }

  async register(team: Team, handles: readonly string[], options: { readonly mustBeNew?: boolean } = {}): Promise<void> {
    if (this.teams.has(team.id)) {
      if (options.mustBeNew) throw new TeamExistsError(team.id);
      throw new Error('The simulation registers each team once, before it starts');
    }
    this.add(team, handles);
  }

  async stationedWithin(areaId?: string): Promise<TeamLoad[]> {
    return [...this.teams.values()].filter((t) => !areaId || isWithin(t.stationAreaId, areaId));
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

  async setTokenHash(): Promise<void> {}

  async tokenHash(): Promise<string | undefined> {
    return undefined;
  }

  async handledServices(teamId: string): Promise<string[]> {
    return this.handles.get(teamId) ?? [];
  }
}
