/** The reference data (areas, services) and how the views name and choose them. */
import { areaPathOf } from './area-path';
import type { RequestStatus } from '#shared/domain/request-state';
import { type Child, h, type Option, select } from '../common/dom';
import { list, loc } from '../common/texts';
import { t } from './texts';

export interface Area {
  readonly id: string;
  readonly level?: string;
  readonly name?: unknown;
  readonly children?: unknown;
}

export interface Service {
  readonly code: string;
  readonly name?: unknown;
}

interface AreaEntry {
  readonly id: string;
  readonly depth: number;
  readonly level?: string;
  readonly name?: unknown;
}

const areas = new Map<string, Area>();
const areaList: AreaEntry[] = [];
const services = new Map<string, Service>();
export const serviceList: Service[] = [];

/** The area tree and the services from the public API, indexed afresh at each sign-in (the old index dropped). */
export function indexReference(areaTree: unknown, serviceItems: unknown): void {
  areas.clear();
  areaList.length = 0;
  services.clear();
  serviceList.length = 0;
  const indexAreas = (nodes: Area[], depth: number) => {
    for (const a of nodes) {
      areas.set(a.id, a);
      areaList.push({ id: a.id, depth, level: a.level, name: a.name });
      indexAreas(list<Area>(a.children), depth + 1);
    }
  };
  indexAreas(list<Area>(areaTree), 0);
  for (const s of list<Service>(serviceItems)) {
    services.set(s.code, s);
    serviceList.push(s);
  }
}

export function areaName(id: unknown): string {
  const a = typeof id === 'string' ? areas.get(id) : undefined;
  return a ? loc(a.name) : loc(id);
}

/** District · street · community (the province and city go without saying; see `areaPathOf`). */
export function areaPath(id: unknown): string {
  return areaPathOf(String(id || ''), (code) => areas.has(code), areaName);
}

export function serviceName(code: unknown): string {
  const s = typeof code === 'string' ? services.get(code) : undefined;
  return s ? loc(s.name) : loc(code);
}

export function statusText(s: unknown): string {
  return t(`status_${s as RequestStatus}`);
}

export function areaSelect(name: string, value: string, onlyCommunities: boolean, allLabel: string): HTMLSelectElement {
  const options: Option[] = [{ value: '', label: allLabel }];
  for (const a of areaList) {
    if (onlyCommunities && a.level !== 'community') continue;
    options.push({ value: a.id, label: onlyCommunities ? areaPath(a.id) : '\u3000'.repeat(a.depth) + loc(a.name) });
  }
  return select(name, options, value);
}

export function serviceSelect(name: string, value: string): HTMLSelectElement {
  return select(name, [{ value: '', label: t('all') }, ...serviceList.map((s) => ({ value: s.code, label: loc(s.name) }))], value);
}

export function dateInput(name: string, value: string): HTMLInputElement {
  return h('input', { type: 'date', name, value });
}

/** `?k=v&…` of the filters that are set, or nothing. */
export function query(filters: Readonly<Record<string, string>>): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(filters)) if (filters[k]) q.set(k, filters[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A definition list of the rows that have a value. */
export function dl(rows: readonly (readonly [string, Child])[]): HTMLDListElement {
  return h(
    'dl',
    {},
    rows.filter((r) => r[1] !== undefined && r[1] !== null && r[1] !== '').map((r) => [h('dt', { text: r[0] }), h('dd', {}, r[1])]),
  );
}
