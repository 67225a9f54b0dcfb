/** The in-memory ports with one volunteer registered by phone (吴志愿, `p1`), on a clock the test moves on. */
import { memoryDeps } from '#shared/adapters/memory/deps';
import type { Area } from '#shared/domain/area';
import { KEDA } from './fixtures';

/** The id of the person `memoryWithPerson` registers (an id staff routes accept: 20 characters). */
export const PERSON_ID = 'abcdefghjkmnpqrstvwx';

/** The in-memory ports (with `areas`) and one person, 韩志愿, registered in 科大社区 by themselves. */
export async function memoryWithPerson(areas: Iterable<Area> = []) {
  const mem = memoryDeps({ areas });
  await mem.volunteers.register({
    id: PERSON_ID,
    name: '韩志愿',
    phone: '+8613900000001',
    homeAreaId: KEDA,
    registeredAt: '2026-12-06T01:00:00.000Z',
    registeredBy: { kind: 'self' },
  });
  return mem;
}

export const SIGNING_KEY = { id: 'k0', secret: Buffer.alloc(32, 9) };

export async function memoryWithVolunteer(phone: string) {
  let now = new Date('2026-12-06T01:00:00.000Z');
  const mem = memoryDeps({ clock: { now: () => now }, signingKey: SIGNING_KEY });
  await mem.volunteers.register({
    id: 'p1',
    name: '吴志愿',
    phone,
    homeAreaId: KEDA,
    registeredAt: now.toISOString(),
    registeredBy: { kind: 'self' },
  });
  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  return { mem, later };
}
