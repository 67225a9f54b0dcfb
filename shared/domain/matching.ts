/**
 * Matching (派单): which teams may take a request, in which order, and why. Pure functions; the
 * reservation that makes an offer safe under concurrency is storage's job.
 */
import { areaLevels, type AreaLevel, sharedLevels } from './area';
import type { ServiceRequest } from './service-request';
import { orderMonth, type TeamLoad } from './team';

/** How close a team's station is to the request: 0 same community … 3 same city, 4 same province, 5 elsewhere. */
export function proximity(stationAreaId: string, requestAreaId: string): number {
  return Math.max(0, areaLevels.length - sharedLevels(stationAreaId, requestAreaId));
}

const proximityLabel: Record<number, { zh: string; en: string }> = {
  0: { zh: '同社区', en: 'same community' },
  1: { zh: '同街道', en: 'same street' },
  2: { zh: '同区县', en: 'same district' },
  3: { zh: '全市', en: 'city-wide' },
  4: { zh: '全省', en: 'province-wide' },
  5: { zh: '外地', en: 'elsewhere' },
};

export interface RankedTeam {
  readonly team: TeamLoad;
  readonly proximity: number;
  readonly freeRatio: number;
  readonly belowFairShare: boolean;
  /** Why this team, for the timeline and admins, e.g. "同社区, 空闲 3/5, 评分 4.8". */
  readonly reason: { readonly zh: string; readonly en: string };
}

/** Shanghai calendar date of an instant, for blackout dates. */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Offers this month per unit of capacity: how much of the work a team has had lately. */
function recentShare(team: TeamLoad, month: string): number {
  return (team.recentOrders?.[month] ?? 0) / team.capacity;
}

/** The team takes offers now: not paused, not full, not on a day off (Shanghai date). */
export function takesWorkNow(team: TeamLoad, now: Date): boolean {
  return !team.paused && team.active < team.capacity && !team.blackoutDates.includes(shanghaiDate(now));
}

/**
 * Teams that may take the request now, best first: a reopened request's own team, then nearest, then the larger share of free
 * capacity, then the better rating, then the team below its fair share of this month's offers
 * (fewer offers per unit of capacity than the candidates' mean), then the id, so equal teams are
 * always ordered the same way.
 */
export function rankCandidates(
  request: ServiceRequest,
  teams: readonly TeamLoad[],
  now: Date,
  excluded: ReadonlySet<string> = new Set(),
): RankedTeam[] {
  const month = orderMonth(now);
  const eligible = teams.filter((t) => takesWorkNow(t, now) && !excluded.has(t.id));
  const fairShare = eligible.reduce((sum, t) => sum + recentShare(t, month), 0) / Math.max(1, eligible.length);
  return eligible
    .map((team) => {
      const p = proximity(team.stationAreaId, request.areaId);
      const free = team.capacity - team.active;
      const belowFairShare = recentShare(team, month) < fairShare;
      const label = proximityLabel[p]!;
      return {
        team,
        proximity: p,
        freeRatio: free / team.capacity,
        belowFairShare,
        reason: {
          zh: `${label.zh}, 空闲 ${free}/${team.capacity}, 评分 ${team.rating.toFixed(1)}${belowFairShare ? ', 本月派单较少' : ''}`,
          en: `${label.en}, ${free}/${team.capacity} free, rated ${team.rating.toFixed(1)}${belowFairShare ? ', fewer offers this month' : ''}`,
        },
      };
    })
    .sort(
      (x, y) =>
        Number(y.team.id === request.preferredTeam) - Number(x.team.id === request.preferredTeam) ||
        x.proximity - y.proximity ||
        y.freeRatio - x.freeRatio ||
        y.team.rating - x.team.rating ||
        Number(y.belowFairShare) - Number(x.belowFairShare) ||
        x.team.id.localeCompare(y.team.id),
    );
}

export type { AreaLevel };
