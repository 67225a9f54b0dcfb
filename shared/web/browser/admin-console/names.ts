/** The reference data (areas, services) and how the views name and choose them. */
import { forgetAreaNames, knownAreas, lineageOf, loadAreaNames, type NamedArea, rememberAreas } from './area-names';
import { areaPathOf } from './area-path';
import { plainApi } from './context';
import type { RequestStatus } from '#shared/domain/request-state';
import { type Child, h, type Option, select } from '../common/dom';
import { list, loc } from '../common/texts';
import { t } from './texts';

export interface Service {
  readonly code: string;
  readonly name?: unknown;
}

const services = new Map<string, Service>();
export const serviceList: Service[] = [];

/** The services from the public API, indexed afresh at each sign-in (the old index, the area names and the staff member's area dropped). */
export function indexReference(serviceItems: unknown): void {
  forgetAreaNames();
  ownArea = undefined;
  services.clear();
  serviceList.length = 0;
  for (const s of list<Service>(serviceItems)) {
    services.set(s.code, s);
    serviceList.push(s);
  }
}

/** An area's name if it was read (see area-names.ts), else its code. */
export function areaName(id: unknown): string {
  const a = typeof id === 'string' ? knownAreas.get(id) : undefined;
  return a ? loc(a.name) : loc(id);
}

/** District · street · community (the province and city go without saying; see `areaPathOf`). */
export function areaPath(id: unknown): string {
  return areaPathOf(String(id || ''), (code) => knownAreas.has(code), areaName);
}

export function serviceName(code: unknown): string {
  const s = typeof code === 'string' ? services.get(code) : undefined;
  return s ? loc(s.name) : loc(code);
}

export function statusText(s: unknown): string {
  return t(`status_${s as RequestStatus}`);
}

interface AreaListing {
  readonly area?: NamedArea;
  readonly children?: unknown;
}

/**
 * A select of areas chosen a level at a time, from the staff member's own area (the top for the
 * center) down: the way to the chosen area, then its children; choosing one lists its children
 * (`GET /admin/areas/{id}`, one level). Its value is the chosen area, `value` at first.
 * `onlyCommunities`: for placing someone or something, so retired areas are left out.
 */
export function areaSelect(name: string, value: string, onlyCommunities: boolean, allLabel: string): HTMLSelectElement {
  const first: Option[] = [{ value: '', label: allLabel }];
  const el = select(name, value ? [...first, { value, label: areaPath(value) }] : first, value);
  let rootId = '';
  let asked = 0;
  const listing = async (id: string) => {
    const got = await plainApi<AreaListing>('GET', id ? `/admin/areas/${encodeURIComponent(id)}` : '/admin/areas');
    const at = got?.area;
    if (!at || typeof at.id !== 'string') throw new Error('no area');
    const children = list<NamedArea>(got?.children).filter((a) => !(onlyCommunities && a.retiredAt));
    rememberAreas([at, ...children]);
    return { at, children };
  };
  /** Lists `id`'s way and children (the top's, past an only child, for none), `chosen` chosen. */
  const show = async (id: string, chosen: string) => {
    const ask = ++asked;
    let { at, children } = await listing(id || rootId);
    while (!id && children.length === 1 && children[0]!.id.length < 12) ({ at, children } = await listing(children[0]!.id));
    // The way from the staff member's area down to this one, named by id.
    const way = lineageOf(at.id).filter((a) => a.length >= rootId.length);
    await loadAreaNames(plainApi, way);
    if (ask !== asked) return;
    // Past a level the table leaves out (东莞's district 441900), rather than its code.
    const trail = way.filter((a) => knownAreas.has(a));
    const options: Option[] = [
      ...first,
      ...trail.map((a, depth) => ({ value: a, label: '\u3000'.repeat(depth) + areaName(a) })),
      ...children.map((a) => ({ value: a.id, label: '\u3000'.repeat(trail.length) + loc(a.name) })),
    ];
    el.replaceChildren(...options.map((o) => h('option', { value: o.value, text: o.label })));
    el.value = chosen;
  };
  el.addEventListener('change', () => {
    // A community has no children: the list stays as it is.
    if (el.value.length < 12) show(el.value, el.value).catch(() => undefined);
  });
  listing('')
    .then(({ at }) => {
      rootId = at.id;
      // A community chosen is shown among its street's; an area above the staff member's, from theirs.
      const start = value.length === 12 ? value.slice(0, 9) : value;
      return show(start.length > rootId.length && start.indexOf(rootId) === 0 ? start : '', value);
    })
    .catch(() => undefined);
  return el;
}

let ownArea: Promise<string> | undefined;

/** The staff member's own area (the top of their area selects; the deployment's top for the center), read once a sign-in. */
export function staffArea(): Promise<string> {
  ownArea ??= plainApi<AreaListing>('GET', '/admin/areas').then((got) => {
    const id = got?.area?.id;
    if (typeof id !== 'string') throw new Error('no area');
    return id;
  });
  // A failed read is asked again next time.
  ownArea.catch(() => {
    ownArea = undefined;
  });
  return ownArea;
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
