/**
 * The statistics counters on Maps: each fact added once, counter items summed name by name, per
 * area, Shanghai day and service, and per area, day and team, like the table's items. The items
 * are also listed per area, so that reading an area (a test's dashboard, the simulation's report
 * over a run's thousands of items) never scans the others.
 */
import type { AddOutcome, FactTally, ServiceDay, StatsCounters, TeamDay } from '#shared/ports/stats-counters';

type Counter = Record<string, number>;
/** An area's items: day, service code or team id, counts. */
type Row = readonly [day: string, what: string, counts: Counter];

export class MemoryStatsCounters implements StatsCounters {
  readonly counted = new Set<string>();
  /** `<areaId>|<day>|<service>` → counts. */
  readonly services = new Map<string, Counter>();
  /** `<areaId>|<day>|<teamId>` → counts. */
  readonly teams = new Map<string, Counter>();
  /** `<requestId>/<outbox message id>` of each fact added, in order. */
  readonly settled: string[] = [];
  private readonly serviceRows = new Map<string, Row[]>();
  private readonly teamRows = new Map<string, Row[]>();

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
      this.settled.push(`${t.requestId}/${t.settles}`);
      const hasCounts = Object.keys(t.counts).length > 0;
      for (const areaId of t.areaIds) {
        if (hasCounts) addCounts(this.services, this.serviceRows, areaId, t.day, t.serviceCode, t.counts);
        if (t.team) addCounts(this.teams, this.teamRows, areaId, t.day, t.team.teamId, t.team.counts);
      }
      this.added(t);
    }
    return { added, duplicates };
  }

  /** Called once for each tally added (not for duplicates), after its counts. */
  protected added(_tally: FactTally): void {}

  async serviceDays(areaId: string, from: string, to: string): Promise<ServiceDay[]> {
    return inRange(this.serviceRows, areaId, from, to).map(([day, serviceCode, counts]) => ({ day, serviceCode, counts }));
  }

  async teamDays(areaId: string, from: string, to: string): Promise<TeamDay[]> {
    return inRange(this.teamRows, areaId, from, to).map(([day, teamId, counts]) => ({ day, teamId, counts }));
  }

  /** An area's service items, every day: [day, service code, counts] (the counts are live). */
  serviceItems(areaId: string): readonly Row[] {
    return this.serviceRows.get(areaId) ?? [];
  }

  /** An area's team items, every day: [day, team id, counts] (the counts are live). */
  teamItems(areaId: string): readonly Row[] {
    return this.teamRows.get(areaId) ?? [];
  }
}

function addCounts(
  items: Map<string, Counter>,
  rows: Map<string, Row[]>,
  areaId: string,
  day: string,
  what: string,
  counts: Readonly<Counter>,
): void {
  const key = `${areaId}|${day}|${what}`;
  let item = items.get(key);
  if (!item) {
    items.set(key, (item = {}));
    const list = rows.get(areaId);
    if (list) list.push([day, what, item]);
    else rows.set(areaId, [[day, what, item]]);
  }
  for (const name in counts) item[name] = (item[name] ?? 0) + counts[name]!;
}

function inRange(rows: Map<string, Row[]>, areaId: string, from: string, to: string): Row[] {
  return (rows.get(areaId) ?? [])
    .filter(([day]) => day >= from && day <= to)
    .map(([day, what, counts]) => [day, what, { ...counts }] as const);
}
