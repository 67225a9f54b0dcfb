/**
 * What the community picker shows, read one level at a time: the areas to choose from (one
 * level), the way there (read by id), the search's matches (a city's communities by the start of
 * their name, at most a page of them) and a chosen community with its lineage. Never the tree.
 */
import { type Area, ancestorAt, areaId, lineage, levelOf } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';

export interface AreaPick {
  /** The area whose children are listed; the top of the tree when absent or unknown. */
  readonly in?: string;
  /** The start of a community's name. */
  readonly q?: string;
}

/** An area with the stored areas above it: the top first, the area last. */
export interface PlacedArea {
  readonly area: Area;
  readonly path: readonly Area[];
}

export interface AreaChoice {
  /** From the top down to the area whose children are listed (empty at the top). */
  readonly trail: readonly Area[];
  /** The live areas one level below the trail's end. */
  readonly choices: readonly Area[];
  /** The search, when one was asked for: within `cityId`, or none until a city is chosen. */
  readonly search?: { readonly q: string; readonly cityId?: string; readonly results: readonly PlacedArea[]; readonly more: boolean };
}

/** At most this many search results, so a one-character search stays a short page. */
export const MAX_RESULTS = 30;
const MAX_QUERY = 20;

/** The stored areas of these ids' lineages, by id: one read of those not `known` already. */
async function lineagesOf(areas: AreaRepository, ids: readonly string[], known: readonly Area[] = []): Promise<Map<string, Area>> {
  const byId = new Map(known.map((a) => [a.id, a] as const));
  const wanted = [...new Set(ids.flatMap((id) => lineage(id)))].filter((id) => !byId.has(id));
  for (const a of wanted.length > 0 ? await areas.getMany(wanted) : []) if (a) byId.set(a.id, a);
  return byId;
}

/** The area placed by its stored lineage, unless it or an area above it is retired (nobody orders there). */
function placed(id: string, byId: ReadonlyMap<string, Area>): PlacedArea | undefined {
  const area = byId.get(id);
  const path = lineage(id)
    .reverse()
    .flatMap((a) => byId.get(a) ?? []);
  return area && !path.some((a) => a.retiredAt) ? { area, path } : undefined;
}

const validId = (id: string | undefined) => {
  const parsed = id === undefined ? undefined : areaId.safeParse(id);
  return parsed?.success ? parsed.data : undefined;
};

/** A live community of that id with the areas above it, or undefined (not one, malformed, retired). */
export async function communityPlace(areas: AreaRepository, id: string | undefined): Promise<PlacedArea | undefined> {
  const valid = validId(id);
  if (!valid || levelOf(valid) !== 'community') return undefined;
  return placed(valid, await lineagesOf(areas, [valid]));
}

/**
 * The picker's step: the children of `pick.in` (the top when absent, unknown or retired; a
 * deployment of one city skips its province and city), and the search's matches within the city
 * of that step. Reads: the step's lineage by id, one level per list, and for a search at most
 * MAX_RESULTS + 1 communities and their lineages by id.
 */
export async function areaChoice(areas: AreaRepository, pick: AreaPick): Promise<AreaChoice> {
  const live = (list: readonly Area[]) => list.filter((a) => !a.retiredAt);
  const start = validId(pick.in);
  const at = start ? placed(start, await lineagesOf(areas, [start])) : undefined;
  const trail = [...(at?.path ?? [])];
  let choices = live(await areas.childrenOf(at?.area.id));
  while (!at && choices.length === 1 && choices[0]!.level !== 'community') {
    trail.push(choices[0]!);
    choices = live(await areas.childrenOf(choices[0]!.id));
  }
  const q = (pick.q ?? '').trim().slice(0, MAX_QUERY);
  if (!q) return { trail, choices };
  const end = trail.at(-1);
  const cityId = end ? ancestorAt(end.id, 'city') : undefined;
  if (!cityId) return { trail, choices, search: { q, results: [], more: false } };
  const named = await areas.communitiesNamed(cityId, q, MAX_RESULTS + 1);
  const byId = await lineagesOf(
    areas,
    named.map((a) => a.id),
    [...named, ...trail],
  );
  const results = named.flatMap((a) => placed(a.id, byId) ?? []);
  return { trail, choices, search: { q, cityId, results: results.slice(0, MAX_RESULTS), more: named.length > MAX_RESULTS } };
}

/**
 * What a page with the picker reads of the areas: the chosen community (`chosenId`) with its
 * lineage; else, when the page shows the picker (`pick` given), the picker's step.
 */
export async function pickedOrChoice(
  areas: AreaRepository,
  chosenId: string | undefined,
  pick: AreaPick | undefined,
): Promise<{ place?: PlacedArea; picker?: AreaChoice }> {
  const place = await communityPlace(areas, chosenId);
  if (place) return { place };
  return pick ? { picker: await areaChoice(areas, pick) } : {};
}
