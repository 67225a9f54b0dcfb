/**
 * The in-memory waiting line, kept as the table keeps it (`<county>#<0 urgent, 1 normal>#<createdAt>#<id>`
 * per service, sorted) and read as the table reads it: a county's line from its head, bounded,
 * keeping the requests inside the area; above a county, each county found by skipping through
 * the keys, its first `limit`, the lines merged (the table reads no more of each).
 */
import { ancestorAt, isWithin } from '#shared/domain/area';
import { inLineOrder } from '#shared/domain/dispatch-policy';
import type { ServiceRequest } from '#shared/domain/service-request';
import { WAITING_LINE_PAGE, WAITING_LINE_PAGES } from '#shared/ports/request-repository';

export const waitingKey = (r: ServiceRequest) =>
  `${ancestorAt(r.areaId, 'district') ?? r.areaId}#${r.urgency === 'urgent' ? 0 : 1}#${r.createdAt}#${r.id}`;

export function waitingIn(line: readonly string[], areaId: string, limit: number, byId: (id: string) => ServiceRequest): ServiceRequest[] {
  const counties: string[] = [];
  if (areaId.length >= 6) counties.push(areaId.slice(0, 6));
  else {
    for (let i = lowerBound(line, areaId); i < line.length && line[i]!.startsWith(areaId); ) {
      const county = line[i]!.split('#')[0]!;
      counties.push(county);
      i = lowerBound(line, `${county}#~`);
    }
  }
  const found: ServiceRequest[] = [];
  for (const county of counties) {
    const from = lowerBound(line, `${county}#`);
    const read = line.slice(from, from + WAITING_LINE_PAGE * WAITING_LINE_PAGES).filter((key) => key.startsWith(`${county}#`));
    const kept = read.map((key) => byId(key.slice(key.lastIndexOf('#') + 1))).filter((r) => isWithin(r.areaId, areaId));
    found.push(...kept.slice(0, limit));
  }
  return inLineOrder(found).slice(0, limit);
}

/** The first position in sorted `list` whose key is not below `key`. */
export function lowerBound(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insert(list: string[], key: string): void {
  list.splice(lowerBound(list, key), 0, key);
}

export function remove(list: string[], key: string): void {
  const at = lowerBound(list, key);
  if (list[at] !== key) throw new Error(`Index lost ${key}`);
  list.splice(at, 1);
}
