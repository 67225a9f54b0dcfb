import type { Area } from '#shared/domain/area';

/** The area hierarchy. */
export interface AreaRepository {
  get(id: string): Promise<Area | undefined>;
  /** The area `rootId` and everything below it, in id-path order; all areas when omitted. */
  subtree(rootId?: string): Promise<Area[]>;
  put(area: Area): Promise<void>;
  /** Puts many areas (an import), each on its own: not atomic, and idempotent. */
  putMany(areas: readonly Area[]): Promise<void>;
}
