/**
 * A volunteer on the local stack: registered by phone, the SMS the dev outbox holds for them, and
 * signed in as a browser does it (a code by SMS, then the session cookie).
 */
import { expect } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { newRequestId } from '#shared/domain/identifiers';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { KEDA } from './fixtures';
import { call, postForm } from './http';
import { eventually } from './local-stack';
import { uniquePhone } from './served-order';

/** A national phone (11 digits) a volunteer of that name registered, in Keda. */
export async function registeredPhone(volunteers: Pick<VolunteerRegistry, 'register'>, name: string): Promise<string> {
  const phone = uniquePhone();
  await volunteers.register({
    id: newRequestId(),
    name,
    phone: `+86${phone}`,
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });
  return phone;
}

/** The dev outbox's SMS of this kind to the national `phone`, as they are now. */
export async function smsOfKindTo(url: string, phone: string, kind: DevOutboxEntry['kind']): Promise<DevOutboxEntry[]> {
  const entries: DevOutboxEntry[] = (await call(`${url}/dev/outbox`)).json().entries;
  return entries.filter((e) => e.to === `+86${phone}` && e.kind === kind);
}

/**
 * The sign-in codes sent by SMS to the national `phone` (11 digits), newest first, once there is
 * one: a sign-in code leaves through the notify queue's consumer, a moment after the answer.
 */
export async function codesSentTo(url: string, phone: string): Promise<string[]> {
  return eventually(async () => {
    const codes = (await smsOfKindTo(url, phone, 'sign-in-code')).map((e) => /(\d{6})/.exec(e.text)?.[1] ?? '');
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
