/**
 * The statistics as read (`StatsReads`) in memory: each fact's tally added once, counter items
 * summed name by name, per area, Shanghai day and service, and per area, day and team, like the
 * table's items once folded. Held as area → day → service or team, so that adding a tally (the
 * simulation adds some 100,000 a run) builds no keys, and reading an area never scans the others.
 */
import type { FactTally, ServiceDay, ServiceSpan, StatsReads, TeamDay, TeamSpan } from '#shared/ports/stats-counters';

type Counter = Record<string, number>;
/** area id → day → service code or team id → counts. */
type Items = Map<string, Map<string, Map<string, Counter>>>;
/** One item of an area: day, service code or team id, counts. */
type Row = readonly [day: string, what: string, counts: Counter];

export class MemoryStatsCounters implements StatsReads {
  readonly counted = new Set<string>();
  private readonly serviceItems = new Map() as Items;
  private readonly teamItems = new Map() as Items;

  /** Adds each tally once (a fact is identified by request and version); answers how many were new. */
  add(tallies: readonly FactTally[]): { added: number; duplicates: number } {
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
        addCounts(this.serviceItems, areaId, t.day, t.serviceCode, t.counts);
        if (t.team) addCounts(this.teamItems, areaId, t.day, t.team.teamId, t.team.counts);
      }
      this.added(t);
    }
    return { added, duplicates };
  }

  /** Called once for each tally added (not for duplicates), after its counts. */
  protected added(_tally: FactTally): void {}

  async serviceDays(areaId: string, from: string, to: string): Promise<ServiceDay[]> {
    return inRange(this.serviceItems, areaId, from, to).map(([day, serviceCode, counts]) => ({ day, serviceCode, counts }));
  }

  async teamDays(areaId: string, from: string, to: string): Promise<TeamDay[]> {
    return inRange(this.teamItems, areaId, from, to).map(([day, teamId, counts]) => ({ day, teamId, counts }));
  }

  /** Day by day: memory keeps no roll-ups (they save reads of items, which cost nothing here). */
  async servicePeriod(areaId: string, from: string, to: string): Promise<ServiceSpan[]> {
    return (await this.serviceDays(areaId, from, to)).map(({ day, ...row }) => ({ span: day, ...row }));
  }

  async teamPeriod(areaId: string, from: string, to: string): Promise<TeamSpan[]> {
    return (await this.teamDays(areaId, from, to)).map(({ day, ...row }) => ({ span: day, ...row }));
  }

  /** The service items as the table keys them, `<areaId>|<day>|<service>` → counts (a test's view). */
  get services(): Map<string, Counter> {
    return flat(this.serviceItems);
  }

  /** The team items as the table keys them, `<areaId>|<day>|<teamId>` → counts (a test's view). */
  get teams(): Map<string, Counter> {
    return flat(this.teamItems);
  }

  /** The areas that have service or team items. */
  protected countedAreaIds(): string[] {
    return [...new Set([...this.serviceItems.keys(), ...this.teamItems.keys()])];
  }

  /** An area's service items, every day (the counts are live). */
  protected servicesOf(areaId: string): Row[] {
    return rows(this.serviceItems, areaId);
  }

  /** An area's team items, every day (the counts are live). */
  protected teamsOf(areaId: string): Row[] {
    return rows(this.teamItems, areaId);
  }
}

/** Adds the counts to an item; as in the table, a zero adds no counter and no item. */
function addCounts(items: Items, areaId: string, day: string, what: string, counts: Readonly<Counter>): void {
  let item: Counter | undefined;
  for (const name in counts) {
    const n = counts[name]!;
    if (n === 0) continue;
    item ??= itemOf(items, areaId, day, what);
    item[name] = (item[name] ?? 0) + n;
  }
}

function itemOf(items: Items, areaId: string, day: string, what: string): Counter {
  let days = items.get(areaId);
  if (!days) items.set(areaId, (days = new Map()));
  let cells = days.get(day);
  if (!cells) days.set(day, (cells = new Map()));
  let item = cells.get(what);
  if (!item) cells.set(what, (item = {}));
  return item;
}

function rows(items: Items, areaId: string): Row[] {
  const out: Row[] = [];
  for (const [day, cells] of items.get(areaId) ?? []) for (const [what, counts] of cells) out.push([day, what, counts]);
  return out;
}

function inRange(items: Items, areaId: string, from: string, to: string): Row[] {
  return rows(items, areaId)
    .filter(([day]) => day >= from && day <= to)
    .map(([day, what, counts]) => [day, what, { ...counts }] as const);
}

function flat(items: Items): Map<string, Counter> {
  const out = new Map<string, Counter>();
  for (const areaId of items.keys()) for (const [day, what, counts] of rows(items, areaId)) out.set(`${areaId}|${day}|${what}`, counts);
  return out;
}
