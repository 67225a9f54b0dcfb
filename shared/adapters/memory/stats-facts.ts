/** The stored request facts in memory (`StatsFacts`), found as the table's day index finds them. */
import type { RequestFact } from '#shared/domain/request-fact';
import { statsDay } from '#shared/domain/stats-calendar';
import type { DayFacts, StatsFacts } from '#shared/ports/stats-facts';

export class MemoryStatsFacts implements StatsFacts {
  /** Every fact stored, in the order they were written. */
  readonly stored: RequestFact[] = [];

  add(...facts: RequestFact[]): void {
    this.stored.push(...facts);
  }

  async ofDay(day: string, areaId = ''): Promise<RequestFact[]> {
    return this.stored.filter((f) => statsDay(f.at) === day && f.areaId.startsWith(areaId));
  }

  /** Memory holds facts, never a damaged item. */
  async ofDayToFold(day: string): Promise<DayFacts> {
    return { facts: await this.ofDay(day), unreadable: [] };
  }

  /** Memory has no facts from before stored facts. */
  async adoptLegacy(): Promise<string[]> {
    return [];
  }
}
