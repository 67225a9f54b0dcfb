/** Team load (服务队工作量) of the needs statistics: the teams of an area, their work on its requests, and how evenly it is spread. */
import type { Area } from '#shared/domain/area';
import type { Service } from '#shared/domain/catalog';
import { sumCounts, teamFairness, type Counts, type LocalizedName } from '#shared/domain/stats';
import { servicesHandledBy } from '#shared/domain/team';
import type { TeamSpan } from '#shared/ports/stats-counters';
import type { TeamRepository } from '#shared/ports/team-repository';

export interface TeamLoadRow {
  readonly teamId: string;
  readonly name: LocalizedName;
  readonly capacity: number;
  readonly offers: number;
  /** Acceptances in the period, those the center took back later included. */
  readonly accepted: number;
  /** Acceptances the center took back in the period to reassign (counted on the take-back's day). */
  readonly takenBack: number;
  readonly completed: number;
  readonly declined: number;
  readonly lapsed: number;
  /**
   * Acceptances kept per unit of capacity: `accepted − takenBack`, never below 0 (a period may
   * hold a take-back whose acceptance fell before it).
   */
  readonly acceptedPerCapacity: number;
}

/**
 * Teams stationed or serving within the area, and any other team that worked on its requests:
 * their work on this area's requests, and how evenly it is spread per unit of capacity. With a
 * `service`, only the teams that handle it, with their figures across all their services (team
 * counters have no service): `acrossServices` says so.
 */
export interface TeamLoad {
  readonly acrossServices: boolean;
  readonly teams: readonly TeamLoadRow[];
  readonly giniAcceptedPerCapacity: number;
  readonly giniOffersPerCapacity: number;
}

/**
 * The teams serving within the area (that handle `service`, or any active service) and those that
 * worked on its requests. Team counters have no service: with a `service`, a team that does not
 * handle it is left out, and the others' figures are across all their services.
 */
export async function teamLoadOf(
  deps: { readonly teams: Pick<TeamRepository, 'get' | 'servingWithin'> },
  root: Area,
  services: readonly Service[],
  service: Service | undefined,
  teamDays: readonly TeamSpan[],
): Promise<TeamLoad> {
  const byTeam = new Map<string, Counts[]>();
  for (const d of teamDays) byTeam.set(d.teamId, [...(byTeam.get(d.teamId) ?? []), d.counts]);
  const worked = new Map([...byTeam].map(([id, counts]) => [id, sumCounts(counts)]));
  const serving = await deps.teams.servingWithin(
    (service ? [service] : services.filter((s) => s.active)).map((s) => s.code),
    root.id,
  );
  const known = new Map(serving.map((t) => [t.id, t]));
  const missing = [...worked.keys()].filter((id) => !known.has(id));
  for (const team of await Promise.all(missing.map((id) => deps.teams.get(id))))
    if (team && (!service || servicesHandledBy(team, services).includes(service.code))) known.set(team.id, team);
  const rows = [...known.values()]
    .map((team): TeamLoadRow => {
      const c = worked.get(team.id) ?? {};
      const accepted = c.accepted ?? 0;
      const takenBack = c.takenBack ?? 0;
      return {
        teamId: team.id,
        name: team.name,
        capacity: team.capacity,
        offers: c.offers ?? 0,
        accepted,
        takenBack,
        completed: c.completed ?? 0,
        declined: c.declined ?? 0,
        lapsed: c.lapsed ?? 0,
        acceptedPerCapacity: Math.round((kept(accepted, takenBack) / team.capacity) * 10_000) / 10_000,
      };
    })
    .sort((a, b) => b.acceptedPerCapacity - a.acceptedPerCapacity || a.teamId.localeCompare(b.teamId));
  const fairness = teamFairness(rows.map((row) => ({ ...row, accepted: kept(row.accepted, row.takenBack) })));
  return {
    acrossServices: service !== undefined,
    teams: rows,
    giniAcceptedPerCapacity: fairness.giniAcceptedPerCapacity,
    giniOffersPerCapacity: fairness.giniOffersPerCapacity,
  };
}

/** Acceptances kept in a period: a take-back counts on its own day, so it may fall in a period without its acceptance. */
const kept = (accepted: number, takenBack: number) => Math.max(0, accepted - takenBack);
