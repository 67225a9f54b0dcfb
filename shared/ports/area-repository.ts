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
  put(area: Area): Promise<void>;
  /**
   * Changes one stored area's display name or retirement (`retiredAt` with `retiredBy`; `null`
   * clears both), atomically and only if it exists: the changed area, or undefined when there is none.
   */
  update(id: string, changes: AreaChanges): Promise<Area | undefined>;
  /** Puts many areas (an import), each on its own: not atomic, and idempotent. */
  putMany(areas: readonly Area[]): Promise<void>;
}
