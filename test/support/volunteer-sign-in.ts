/**
 * The volunteer sign-in tests' tools on the local stack (test/integration/volunteer-sign-in and
 * volunteer-registration): codes sent, a registered person, a code moved into the past, the
 * session from a reply.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import {
  CODE_SPACING_SECONDS,
  CODES_PER_PHONE_FROM_ADDRESS,
  signInPhoneKey,
  WRONG_CODES_PER_PHONE_FROM_ADDRESS,
  WRONG_CODES_PER_PHONE_PER_DAY,
} from '#shared/domain/sign-in';
import { insideOneWindow } from './fixed-windows';
import { call, postJson } from './http';
import { KEDA } from './fixtures';
import { drained, type useLocalStack } from './local-stack';

export const uniquePhone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export const sessionOf = (reply: { headers: Headers }) => /paidan_me=([^;]*)/.exec(reply.headers.get('set-cookie') ?? '')?.[1];

export function signInTools(local: ReturnType<typeof useLocalStack>) {
  const center = () => ({ authorization: `Bearer ${local().stack.adminTokens.center}` });

  /** The codes sent to the phone, newest first, once the notify queue's consumer has handled every code asked for so far. */
  async function codesSentTo(phone: string): Promise<string[]> {
    await drained(local().stack, 'notify');
    const entries: DevOutboxEntry[] = (await call(`${local().url}/dev/outbox`)).json().entries;
    return entries.filter((e) => e.to === `+86${phone}` && e.kind === 'sign-in-code').map((e) => /(\d{6})/.exec(e.text)![1]!);
  }

  async function registered(name: string) {
    const phone = uniquePhone();
    const person = (await postJson(`${local().url}/admin/volunteers`, { name, phone, homeAreaId: KEDA }, center())).json();
    return { phone, id: person.id as string };
  }

  /** The phone's last codes (either slot's: a marked browser's or another's), as moved `seconds` into the past: as if that much time had passed for them. */
  async function codeAged(phone: string, seconds: number): Promise<void> {
    const { stack, adapters } = local();
    const db = createDocumentClient(stack.dynamodb);
    const Key = keys.signInCode(signInPhoneKey(await adapters.signingKeys.identityKey(), `+86${phone}`));
    const { Item } = await db.send(new GetCommand({ TableName: stack.tableName, Key, ConsistentRead: true }));
    const moved = ['issuedAt', 'expiresAt', 'knownIssuedAt', 'knownExpiresAt'].filter((a) => Item?.[a] !== undefined);
    if (moved.length === 0) return;
    await db.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key,
        UpdateExpression: `SET ${moved.map((a) => `${a} = ${a} - :by`).join(', ')}`,
        ExpressionAttributeValues: { ':by': seconds * 1000 },
      }),
    );
  }

  /** As if the spacing between codes had passed: the phone's last code issued that much earlier. */
  const spacingPassed = (phone: string) => codeAged(phone, CODE_SPACING_SECONDS);

  return { codesSentTo, registered, codeAged, spacingPassed };
}

/**
 * A test that counts on a phone's limits runs inside one window of each (test/support/fixed-windows.ts):
 * their days are days of Beijing time (`beijingDay`), which end at 16:00 UTC, so every 8 hours is a
 * window's end to keep clear of.
 */
export const insidePhoneWindows = () =>
  insideOneWindow(
    [CODES_PER_PHONE_FROM_ADDRESS, WRONG_CODES_PER_PHONE_FROM_ADDRESS, WRONG_CODES_PER_PHONE_PER_DAY]
      .map((l) => l.windowSeconds)
      .concat(8 * 3600),
    30_000,
  );
