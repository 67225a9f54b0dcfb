/** One order through the whole API: submitted, offered to `team`, accepted, completed with `hours`, rated (credits posted). */
import { expect } from 'vitest';
import { call, postJson, validSubmission } from './http';
import { eventually, type StackHandle } from './local-stack';
import { acceptedAgo } from './visit-time';

const json = { 'content-type': 'application/json' };
export const uniquePhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export async function serveOrder(
  handle: StackHandle,
  team: Record<string, string>,
  hours: unknown[],
  /** Runs once the order is offered, before the team accepts (e.g. to wait for the offer's notice). */
  offered: (id: string) => Promise<unknown> = async () => undefined,
): Promise<string> {
  const { url, adapters } = handle;
  const created = (await postJson(`${url}/requests`, validSubmission({ phone: uniquePhone() }))).json();
  await eventually(async () => (await adapters.requests.get(created.id))?.status === 'OFFERED');
  await offered(created.id);
  expect((await call(`${url}/offers/${created.id}/accept`, { method: 'POST', headers: team })).status).toBe(200);
  await acceptedAgo(handle, created.id);
  const done = await call(`${url}/requests/${created.id}/complete`, {
    method: 'POST',
    headers: { ...team, ...json },
    body: JSON.stringify({ hours }),
  });
  expect(done.status, done.text).toBe(200);
  const rated = await call(`${url}/requests/${created.id}/rating`, {
    method: 'POST',
    headers: { 'x-access-token': created.accessToken, ...json },
    body: '{"stars":5}',
  });
  expect(rated.status).toBe(200);
  return created.id;
}
