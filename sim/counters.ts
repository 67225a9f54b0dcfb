/**
 * The statistics counters of a simulation: the shared in-memory ones (`MemoryStatsCounters`,
 * filled with the stored facts' tallies, `talliesOf`), read over the whole run, plus
 * the city's counts per Shanghai day on which each request was submitted, for the per-day lines.
 */
import { MemoryStatsCounters } from '#shared/adapters/memory/stats-counters';
import type { ServiceRequest } from '#shared/domain/service-request';
import { countersOf, countingAreas, sumCounts, type Counts } from '#shared/domain/stats';
import { statsDay } from '#shared/domain/stats-calendar';
import type { RequestFact } from '#shared/domain/request-fact';
import type { FactTally } from '#shared/ports/stats-counters';
import { talliesOf, type TallyDeps } from '#shared/use-cases/tally-facts';

export class SimCounters extends MemoryStatsCounters {
  /** How many of the stored facts are counted (they are counted in order). */
  countedUpTo = 0;
  /** Submission day → counts of the requests submitted that day. */
  private readonly bySubmissionDay = new Map<string, Record<string, number>>();

  constructor(private readonly submittedDay: (requestId: string) => string | undefined) {
    super();
  }

  /** Counts the facts stored since the last call, as the fold tallies them (`talliesOf`). */
  async countStored(stored: readonly RequestFact[], deps: TallyDeps): Promise<void> {
    const fresh = stored.slice(this.countedUpTo);
    this.countedUpTo = stored.length;
    this.add(await talliesOf(deps, fresh));
  }

  protected override added(t: FactTally): void {
    const day = this.submittedDay(t.requestId) ?? t.day;
    this.bySubmissionDay.set(day, addInto(this.bySubmissionDay.get(day) ?? {}, t.counts));
  }

  /**
   * Counts a request still with the center when a run without center rounds ends (`leftWithCenter`):
   * nobody in the run would serve it, and nothing escalated expires by itself, so it is unmet demand
   * (`kpisFor`), counted on the day it was submitted.
   */
  countLeftWithCenter(request: Pick<ServiceRequest, 'id' | 'areaId' | 'serviceCode' | 'createdAt'>): void {
    const day = statsDay(request.createdAt);
    this.add([
      {
        requestId: request.id,
        version: 0,
        day,
        areaIds: countingAreas(request.areaId),
        serviceCode: request.serviceCode,
        counts: { leftWithCenter: 1 },
      },
    ]);
  }

  /** An area's counts over the run, summed over its services (or those `serviceFilter` keeps). */
  countsOf(areaId: string, serviceFilter: (serviceCode: string) => boolean = () => true): Record<string, number> {
    const rows = this.countedIn(areaId).flatMap((id) => this.servicesOf(id));
    return sumCounts(rows.flatMap(([, code, counts]) => (serviceFilter(code) ? [counts] : [])));
  }

  /** Team counts over the run within an area. */
  teamCountsOf(areaId: string): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>();
    for (const id of this.countedIn(areaId))
      for (const [, teamId, counts] of this.teamsOf(id)) out.set(teamId, addInto(out.get(teamId) ?? {}, counts));
    return out;
  }

  /** Where an area's counts are: its own items, or above the district (which keep none) its districts'. */
  private countedIn(areaId: string): string[] {
    return countersOf(areaId, this.countedAreaIds());
  }

  /** Counts per Shanghai day of submission, days in order. */
  submissionDays(): Array<[string, Record<string, number>]> {
    return [...this.bySubmissionDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => [day, { ...counts }]);
  }
}

function addInto(sum: Record<string, number>, counts: Counts): Record<string, number> {
  for (const name in counts) sum[name] = (sum[name] ?? 0) + counts[name]!;
  return sum;
}
