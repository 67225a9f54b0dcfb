/**
 * The statistics counters of a simulation behind the StatsCounters port: `record-stats`
 * (the real consumer, with `tallyOf`) adds each request fact once, here summed over the whole
 * run per area (every level) and service, per area (city and district) and team, and, for the
 * per-day lines, per Shanghai day on which the request was submitted.
 */
import { sumCounts, type Counts } from '#shared/domain/stats';
import type { AddOutcome, FactTally, ServiceDay, StatsCounters, TeamDay } from '#shared/ports/stats-counters';

/** outer key → inner key → counter name → sum. */
type Table = Map<string, Map<string, Map<string, number>>>;

function addInto(table: Table, outer: string, inner: string, counts: Counts): void {
  let row = table.get(outer);
  if (!row) table.set(outer, (row = new Map()));
  let cell = row.get(inner);
  if (!cell) row.set(inner, (cell = new Map()));
  for (const name in counts) cell.set(name, (cell.get(name) ?? 0) + counts[name]!);
}

const record = (cell: ReadonlyMap<string, number>): Record<string, number> => Object.fromEntries(cell);

export class SimCounters implements StatsCounters {
  private readonly counted = new Set<string>();
  /** area id → service code → counts over the run. */
  readonly services: Table = new Map();
  /** area id (city or district) → team id → counts over the run. */
  readonly teams: Table = new Map();
  /** `city` → submission day → counts of the requests submitted that day. */
  readonly bySubmissionDay: Table = new Map();
  facts = 0;

  constructor(private readonly submittedDay: (requestId: string) => string | undefined) {}

  async add(tallies: readonly FactTally[]): Promise<AddOutcome> {
    let added = 0;
    let duplicates = 0;
    for (const t of tallies) {
      const id = `${t.requestId}#${t.version}`;
      if (this.counted.has(id)) {
        duplicates++;
        continue;
      }
      this.counted.add(id);
      added++;
      for (const areaId of t.areaIds) {
        addInto(this.services, areaId, t.serviceCode, t.counts);
        if (t.team && areaId.split('.').length <= 2) addInto(this.teams, areaId, t.team.teamId, t.team.counts);
      }
      addInto(this.bySubmissionDay, 'city', this.submittedDay(t.requestId) ?? t.day, t.counts);
    }
    this.facts += added;
    return { added, duplicates };
  }

  /** The run as one period: each service's counts under the day `from`. */
  async serviceDays(areaId: string, from: string): Promise<ServiceDay[]> {
    return [...(this.services.get(areaId) ?? [])].map(([serviceCode, cell]) => ({ day: from, serviceCode, counts: record(cell) }));
  }

  async teamDays(areaId: string, from: string): Promise<TeamDay[]> {
    return [...(this.teams.get(areaId) ?? [])].map(([teamId, cell]) => ({ day: from, teamId, counts: record(cell) }));
  }

  /** An area's counts summed over its services (or those `serviceFilter` keeps). */
  countsOf(areaId: string, serviceFilter: (serviceCode: string) => boolean = () => true): Record<string, number> {
    return sumCounts([...(this.services.get(areaId) ?? [])].filter(([code]) => serviceFilter(code)).map(([, cell]) => record(cell)));
  }

  /** Team counts within an area (city or district). */
  teamCountsOf(areaId: string): Map<string, Record<string, number>> {
    return new Map([...(this.teams.get(areaId) ?? [])].map(([teamId, cell]) => [teamId, record(cell)]));
  }

  /** Counts per Shanghai day of submission, days in order. */
  submissionDays(): Array<[string, Record<string, number>]> {
    return [...(this.bySubmissionDay.get('city') ?? [])].sort(([a], [b]) => a.localeCompare(b)).map(([day, cell]) => [day, record(cell)]);
  }
}
