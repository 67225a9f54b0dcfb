/**
 * Matching (派单): which teams may take a request, in which order, and why. Pure functions; the
 * reservation that makes an offer safe under concurrency is storage's job.
 */
import { areaLevels, type AreaLevel } from './area';
import type { ServiceRequest } from './service-request';
import type { TeamLoad } from './team';

/** How close a team's station is to the request: 0 same community … 3 same city only. */
export function proximity(stationAreaId: string, requestAreaId: string): number {
  const a = stationAreaId.split('.');
  const b = requestAreaId.split('.');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return Math.max(0, areaLevels.length - common);
}

const proximityLabel: Record<number, { zh: string; en: string }> = {
  0: { zh: '同社区', en: 'same community' },
  1: { zh: '同街道', en: 'same street' },
  2: { zh: '同区县', en: 'same district' },
  3: { zh: '全市', en: 'city-wide' },
  4: { zh: '外地', en: 'elsewhere' },
};

export interface RankedTeam {
  readonly team: TeamLoad;
  readonly proximity: number;
  readonly freeRatio: number;
  /** Why this team, for the timeline and admins, e.g. "同社区, 空闲 3/5, 评分 4.8". */
  readonly reason: { readonly zh: string; readonly en: string };
}

/** Shanghai calendar date of an instant, for blackout dates. */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Teams that may take the request now, best first: nearest, then the larger share of free
 * capacity, then the better rating, then the id (so equal teams are ordered the same way).
 */
export function rankCandidates(request: ServiceRequest, teams: readonly TeamLoad[], now: Date, excluded: ReadonlySet<string> = new Set()): RankedTeam[] {
  const today = shanghaiDate(now);
  return teams
    .filter((t) => !t.paused && t.active < t.capacity && !excluded.has(t.id) && !t.blackoutDates.includes(today))
    .map((team) => {
      const p = proximity(team.stationAreaId, request.areaId);
      const free = team.capacity - team.active;
      const label = proximityLabel[p]!;
      return {
        team,
        proximity: p,
        freeRatio: free / team.capacity,
        reason: {
          zh: `${label.zh}, 空闲 ${free}/${team.capacity}, 评分 ${team.rating.toFixed(1)}`,
          en: `${label.en}, ${free}/${team.capacity} free, rated ${team.rating.toFixed(1)}`,
        },
      };
    })
    .sort(
      (x, y) =>
        x.proximity - y.proximity || y.freeRatio - x.freeRatio || y.team.rating - x.team.rating || x.team.id.localeCompare(y.team.id),
    );
}

export type { AreaLevel };
