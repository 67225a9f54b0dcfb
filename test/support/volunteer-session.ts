/** A volunteer signed in as a browser does it: a code by SMS (read from the dev outbox), then the session cookie. */
import { expect } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { call, postForm } from './http';

/** The `cookie` header of a session for the registered national `phone` (11 digits). */
export async function signedIn(url: string, phone: string): Promise<{ cookie: string }> {
  expect((await postForm(`${url}/me/code`, { phone })).status).toBe(200);
  const entries: DevOutboxEntry[] = (await call(`${url}/dev/outbox`)).json().entries;
  const sent = entries.filter((e) => e.to === `+86${phone}` && e.kind === 'sign-in-code').at(-1);
  const code = /(\d{6})/.exec(sent?.text ?? '')?.[1] ?? '';
  const reply = await postForm(`${url}/me/sign-in`, { phone, code });
  const session = /paidan_me=([^;]*)/.exec(reply.headers.get('set-cookie') ?? '')?.[1];
  expect(session, reply.text).toBeTruthy();
  return { cookie: `paidan_me=${session}` };
}
