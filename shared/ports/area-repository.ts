import type { Area, RetiredBy } from '#shared/domain/area';

/**
 * For adapters reading "within an area": an empty code is a fault of the caller, never "all"
 * (which is an omitted one). Refused so no unchecked input can widen a read to everything.
 */
export function refuseEmptyArea(areaId: string | undefined): void {
  if (areaId === '') throw new Error('An empty area code: omit it to mean every area');
}

export interface AreaChanges {
  readonly name?: Area['name'];
  readonly retiredAt?: string | null;
  readonly retiredBy?: RetiredBy;
}

/** The area hierarchy. */
export interface AreaRepository {
  get(id: string): Promise<Area | undefined>;
  /** The areas of these ids, in their order (undefined where none is stored), in one read. */
  getMany(ids: readonly string[]): Promise<(Area | undefined)[]>;
  /** The area `rootId` and everything below it, in id-path order; all areas when omitted (an empty id is refused). */
  subtree(rootId?: string): Promise<Area[]>;
  /**
   * The areas one level below `parentId` (the top ones when omitted; an empty id is refused), in
   * id order, retired ones too: those of the nearest level under it that has any (东莞 4419 has no
   * districts: its towns). One level's read, never the subtree below it.
   */
  childrenOf(parentId?: string): Promise<Area[]>;
  /**
   * Up to `limit` communities of the city `cityId` whose Chinese name starts with `prefix`, by
   * name (then id), retired ones too: the search, a read of at most `limit` areas.
   */
  communitiesNamed(cityId: string, prefix: string, limit: number): Promise<Area[]>;
  /**
   * Before writing areas in bulk (an import, the seed): makes the adapter's one-level and search
   * reads bounded if they are not yet (DynamoDB: lists every stored area unless the table says
   * they are, a reindex; an empty table at once). How many areas it wrote, 0 when none needed it.
   */
  ensureListed(): Promise<number>;
  put(area: Area): Promise<void>;
  /**
   * Changes one stored area's display name or retirement (`retiredAt` with `retiredBy`; `null`
   * clears both), atomically and only if it exists: the changed area, or undefined when there is none.
   */
  update(id: string, changes: AreaChanges): Promise<Area | undefined>;
  /** Puts many areas (an import), each on its own: not atomic, and idempotent. */
  putMany(areas: readonly Area[]): Promise<void>;
}
