/** The in-memory ports with one volunteer registered by phone (吴志愿, `p1`), on a clock the test moves on. */
import { memoryDeps } from '#shared/adapters/memory/deps';
import { KEDA } from './fixtures';

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
