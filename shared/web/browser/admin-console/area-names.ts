/**
 * The names of the areas the console shows, read by id as answers name them (never the whole
 * area table): the areas an answer's `…areaId` fields hold, with the levels above them, asked of
 * `GET /areas?ids=` for those not known yet, at most 100 ids an ask.
 */

export interface NamedArea {
  readonly id: string;
  readonly level?: string;
  readonly name?: unknown;
  readonly retiredAt?: unknown;
}

/** A GET of the API (the console's `Api`; no DOM here, so unit tests read this as the console does). */
export type Get = <T>(method: 'GET', path: string) => Promise<T | null>;

const MAX_IDS = 100;
const LENGTHS = [2, 4, 6, 9, 12];

/** The areas named so far, by id; and the ids asked for that none is stored under. */
export const knownAreas = new Map<string, NamedArea>();
const unknown = new Set<string>();

export function forgetAreaNames(): void {
  knownAreas.clear();
  unknown.clear();
}

export function rememberAreas(areas: readonly NamedArea[]): void {
  for (const a of areas) if (a && typeof a.id === 'string') knownAreas.set(a.id, a);
}

/** An area code's own id and those of the areas above it; none for what is not a code. */
export function lineageOf(id: string): string[] {
  return /^\d+$/.test(id) && LENGTHS.indexOf(id.length) >= 0 ? LENGTHS.filter((n) => n <= id.length).map((n) => id.slice(0, n)) : [];
}

/** The values of fields named `areaId` or `…AreaId` anywhere in an answer. */
export function areaIdsIn(data: unknown, into: string[] = []): string[] {
  if (Array.isArray(data)) for (const item of data) areaIdsIn(item, into);
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' && /(^a|A)reaId$/.test(key)) into.push(value);
      else if (typeof value === 'object') areaIdsIn(value, into);
    }
  }
  return into;
}

/** Reads the names of these areas and those above them not known yet; a failed read leaves codes shown. */
export function loadAreaNames(api: Get, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids.flatMap(lineageOf))].filter((id) => !knownAreas.has(id) && !unknown.has(id));
  const asks: Promise<void>[] = [];
  for (let i = 0; i < wanted.length; i += MAX_IDS) {
    const batch = wanted.slice(i, i + MAX_IDS);
    asks.push(
      api<{ areas?: NamedArea[] }>('GET', `/areas?ids=${batch.join(',')}`).then(
        (data) => {
          rememberAreas(Array.isArray(data?.areas) ? data.areas : []);
          for (const id of batch) if (!knownAreas.has(id)) unknown.add(id);
        },
        () => undefined,
      ),
    );
  }
  return Promise.all(asks).then(() => undefined);
}
