import type { MemoryAreas } from '#shared/adapters/memory/reference-data';
import type { Area } from '#shared/domain/area';
import type { AreaRepository } from '#shared/ports/area-repository';

/**
 * The stored areas behind a repository that counts the areas each read returns and refuses the
 * whole-subtree read that pages and lists made before review 49: what a use case reads, in items.
 */
export function countedAreas(stored: MemoryAreas): { readonly areas: AreaRepository; read: number } {
  const counter = { read: 0 };
  const counted = <T extends readonly (Area | undefined)[]>(found: T) => {
    counter.read += found.filter(Boolean).length;
    return found;
  };
  const areas: AreaRepository = {
    get: async (id) => counted([await stored.get(id)])[0],
    getMany: async (ids) => counted(await stored.getMany(ids)),
    subtree: async () => {
      throw new Error('read a subtree');
    },
    childrenOf: async (id) => counted(await stored.childrenOf(id)),
    communitiesNamed: async (city, prefix, limit) => counted(await stored.communitiesNamed(city, prefix, limit)),
    ensureListed: () => stored.ensureListed(),
    put: (a) => stored.put(a),
    update: (id, changes) => stored.update(id, changes),
    putMany: (list) => stored.putMany(list),
  };
  return Object.assign(counter, { areas });
}
