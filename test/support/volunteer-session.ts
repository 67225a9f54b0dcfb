/** A volunteer signed in as a browser does it: a code by SMS (read from the dev outbox), then the session cookie. */
import { expect } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { call, postForm } from './http';
import { eventually } from './local-stack';

/**
 * The sign-in codes sent by SMS to the national `phone` (11 digits), newest first, once there is
 * one: a sign-in code leaves through the notify queue's consumer, a moment after the answer.
 */
export async function codesSentTo(url: string, phone: string): Promise<string[]> {
  return eventually(async () => {
    const entries: DevOutboxEntry[] = (await call(`${url}/dev/outbox`)).json().entries;
    const codes = entries.filter((e) => e.to === `+86${phone}` && e.kind === 'sign-in-code').map((e) => /(\d{6})/.exec(e.text)?.[1] ?? '');
    return codes.length > 0 && codes;
  });
}

/** The `cookie` header of a session for the registered national `phone` (11 digits). */
export async function signedIn(url: string, phone: string): Promise<{ cookie: string }> {
  expect((await postForm(`${url}/me/code`, { phone })).status).toBe(200);
  const code = (await codesSentTo(url, phone)).at(-1) ?? '';
  const reply = await postForm(`${url}/me/sign-in`, { phone, code });
  const session = /paidan_me=([^;]*)/.exec(reply.headers.get('set-cookie') ?? '')?.[1];
  expect(session, reply.text).toBeTruthy();
  return { cookie: `paidan_me=${session}` };
}
