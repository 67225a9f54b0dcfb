import { personKey } from '#shared/domain/volunteer';
import { KEDA } from './fixtures';
import { postJson } from './http';
import type { StackHandle } from './local-stack';
import { uniquePhone } from './served-order';

/** A person the center registered (科大社区), with 2.5 hours on their one ledger (served for another team). */
export async function volunteerWithHours({ url, adapters, stack }: StackHandle, name: string): Promise<{ phone: string; id: string }> {
  const phone = uniquePhone();
  const center = { authorization: `Bearer ${stack.adminTokens.center}` };
  const person = (await postJson(`${url}/admin/volunteers`, { name, phone, homeAreaId: KEDA }, center)).json();
  await adapters.credits.post({
    volunteerKey: personKey(person.id),
    requestId: `r-${person.id}`,
    teamId: 'ruidi-repair',
    minutes: 150,
    hours: 2.5,
    points: 0.625,
    at: '2026-12-01T02:00:00.000Z',
  });
  return { phone, id: person.id as string };
}
