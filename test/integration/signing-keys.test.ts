/**
 * The signing-key ring on DynamoDB Local: a table from before the ring, rotation by the operator's
 * script, links and sessions across a rotation and a revocation over HTTP, the identity hashes
 * unchanged, concurrent rotations, and a warm container's cache. The tests run in order: each
 * rotates the one ring of this file's table further.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { DynamoSigningKeys, RING_REFRESH_MS } from '#shared/adapters/dynamo/signing-keys';
import { offerUrls, signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { newRequestId } from '#shared/domain/identifiers';
import { derive } from '#shared/domain/sealed-box';
import { SESSION_COOKIE, SESSION_SECONDS, signSession } from '#shared/domain/sign-in';
import { storedIdentity } from '#shared/domain/volunteer';
import type { Clock } from '#shared/ports/clock';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postJson, validSubmission } from '../support/http';
import { KEDA, requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { residentId } from '../support/resident-id';
import { uniquePhone } from '../support/served-order';

const local = useLocalStack();
/** The key of a deployment from before the ring: one item, no key id in what it signed. */
const ORIGINAL = { id: '0a1b2c3d4e5f', secret: Buffer.alloc(32, 9) };
const station = () => ({ authorization: `Bearer ${local().stack.adminTokens.station}` });
const documentClient = () => createDocumentClient(local().stack.dynamodb);
/** A container's keys: its own cache, on the stack's table. */
const container = (clock?: Clock, db: DynamoDBDocumentClient = documentClient()) =>
  new DynamoSigningKeys(db, local().stack.tableName, clock);

function rotateByScript(mode: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/signing-key.ts', mode, '--table', local().stack.tableName], {
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: process.env.AWS_REGION ?? 'us-east-1' },
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

async function offered(teamId: string) {
  const { adapters } = local();
  const serviceCode = `${teamId}-svc`;
  await adapters.teams.register(teamFixture(teamId, { services: [serviceCode], capacity: 5 }), [serviceCode]);
  const request = requestFixture({ serviceCode });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
  return (await adapters.requests.get(request.id))!;
}

/** A link as signed before key ids: no `kid`, with the original key. */
function legacyLink(request: Awaited<ReturnType<typeof offered>>): OfferLinkParams {
  const unsigned = {
    team: request.offer!.teamId,
    v: String(request.version),
    exp: String(Math.floor(Date.parse(request.offer!.deadline) / 1000)),
  };
  const payload = `offer|${request.id}|${unsigned.team}|${unsigned.v}|${unsigned.exp}`;
  return { ...unsigned, sig: createHmac('sha256', ORIGINAL.secret).update(payload).digest('base64url') };
}

async function volunteerCookie(signWith?: { id: string; secret: Buffer }) {
  const { adapters } = local();
  const id = newRequestId();
  const name = `轮换${id.slice(0, 4)}`;
  await adapters.volunteers.register({
    id,
    name,
    phone: `+86${uniquePhone()}`,
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });
  let session: string;
  if (signWith) session = signSession(signWith, id, new Date(), 0);
  else {
    // As before key ids: `<id>.<expires>.<mac>` under the original key.
    const body = `${id}.${Math.floor(Date.now() / 1000) + SESSION_SECONDS}`;
    session = `${body}.${createHmac('sha256', derive(ORIGINAL, 'volunteer sessions')).update(body).digest('base64url')}`;
  }
  return { name, cookie: `${SESSION_COOKIE}=${session}` };
}

const view = (request: { id: string }, link: OfferLinkParams) =>
  call(offerUrls(local().url, request.id, link).view, { headers: { accept: 'text/html' } });
const myPage = (cookie: string) => call(`${local().url}/me`, { headers: { cookie } });

describe('the signing-key ring', () => {
  const number = residentId('37090219900101123');

  it('takes over a table from before the ring: its one key is the original, and the identity hashes stay as they were', async () => {
    const db = documentClient();
    const { url, stack } = local();
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.linkSigningKey, entity: 'SigningKey', keyId: ORIGINAL.id, secret: ORIGINAL.secret.toString('base64') },
      }),
    );
    const made = await postJson(
      `${url}/admin/volunteers`,
      { name: '孙轮换', phone: uniquePhone(), identity: { type: 'resident-id', number }, homeAreaId: KEDA },
      station(),
    );
    expect(made.status, made.text).toBe(201);
    // Keyed exactly as before the ring: with the key derived from the original signing key.
    const { hash } = storedIdentity(derive(ORIGINAL, 'identity numbers'), 'resident-id', number);
    expect((await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.personIdentity(hash) }))).Item).toBeDefined();
    expect((await container().find())?.id).toBe(ORIGINAL.id);
  });

  it('after a rotation by the operator’s script, honours the links and sessions signed before, with and without a key id', async () => {
    const { adapters } = local();
    const request = await offered('rot-before');
    const signed = signOfferLink(request, await adapters.signingKeys.current());
    expect(signed.kid).toBe(ORIGINAL.id);
    const legacy = legacyLink(request);
    const withId = await volunteerCookie(ORIGINAL);
    const withoutId = await volunteerCookie();
    // The functions' containers read the ring now, before the rotation.
    expect((await view(request, signed)).status).toBe(200);
    expect((await myPage(withId.cookie)).text).toContain(withId.name);

    const rotation = rotateByScript('rotate');
    expect(rotation.status, rotation.out).toBe(0);
    expect(rotation.out).toMatch(/New signing key [0-9a-f]{12}/);
    expect(rotation.out).toContain(`${ORIGINAL.id} until `);

    const fresh = await container().current();
    expect(fresh.id).not.toBe(ORIGINAL.id);
    for (const link of [signed, legacy]) {
      const page = await view(request, link);
      expect(page.status).toBe(200);
      expect(page.text).toContain('action=');
    }
    expect((await myPage(withId.cookie)).text).toContain(withId.name);
    expect((await myPage(withoutId.cookie)).text).toContain(withoutId.name);
    // A link signed with the new key reaches a container that read the ring before it existed.
    const renewed = signOfferLink(request, fresh);
    expect((await view(request, renewed)).status).toBe(200);
    expect((await call(offerUrls(local().url, request.id, signed).accept, { method: 'POST' })).status).toBe(200);
    expect((await adapters.requests.get(request.id))!.status).toBe('ACCEPTED');
  });

  it('after a revocation, answers what the keys before signed with the expired-link page (404) and signs volunteers out, never a 500', async () => {
    const { adapters } = local();
    const request = await offered('rot-revoked');
    const before = signOfferLink(request, await container().current());
    const legacy = legacyLink(request);
    const session = await volunteerCookie(await container().current());
    expect((await view(request, before)).status).toBe(200);
    expect((await myPage(session.cookie)).text).toContain(session.name);
    // An order accepted through its link: accepting again only confirms it, so it can probe the answering function.
    const taken = await offered('rot-taken');
    const takenLink = signOfferLink(taken, await container().current());
    const acceptTaken = () => call(offerUrls(local().url, taken.id, takenLink).accept, { method: 'POST' });
    expect((await acceptTaken()).status).toBe(200);
    // A submission's first answer, kept sealed for a retry with the same Idempotency-Key.
    const submission = validSubmission({ phone: uniquePhone() });
    const retry = () => postJson(`${local().url}/requests`, submission, { 'idempotency-key': 'revoked-key-retry' });
    const first = await retry();
    expect(first.status).toBe(201);
    expect((await retry()).json()).toEqual(first.json());

    const revocation = rotateByScript('revoke');
    expect(revocation.status, revocation.out).toBe(0);
    expect(revocation.out).toContain('No other key is honoured.');

    // Each function's container drops the revoked keys when it next reads the ring (within RING_REFRESH_MS).
    const refused = await eventually(async () => {
      const page = await view(request, before);
      return page.status === 404 && page;
    });
    // The team's page for a link that does not work, pointing to its console.
    expect(refused.text).toContain('派单链接无效');
    expect(refused.text).toContain('href="/team"');
    expect((await view(request, legacy)).status).toBe(404);
    await eventually(async () => (await acceptTaken()).status === 404);
    expect((await call(offerUrls(local().url, request.id, before).accept, { method: 'POST' })).status).toBe(404);
    const signedOut = await eventually(async () => {
      const page = await myPage(session.cookie);
      return !page.text.includes(session.name) && page;
    });
    expect(signedOut.status).toBe(200);
    expect(signedOut.text).toContain('name="phone"');
    expect((await adapters.requests.get(request.id))!.status).toBe('OFFERED');
    // The answer sealed with the revoked key no longer opens: a clear 409, not a 500 or a second request.
    const refusedRetry = await eventually(async () => {
      const reply = await retry();
      return reply.status !== 201 && reply;
    });
    expect([refusedRetry.status, refusedRetry.json().error.message]).toEqual([
      409,
      'This Idempotency-Key was used in the last day; its first answer can no longer be given again',
    ]);

    const renewed = signOfferLink(request, await container().current());
    expect((await view(request, renewed)).status).toBe(200);
  });

  it('keeps the identity hashes through rotations: the same document is still found, and refused for a second person', async () => {
    const { url } = local();
    const again = await postJson(
      `${url}/admin/volunteers`,
      { name: '周重复', phone: uniquePhone(), identity: { type: 'resident-id', number }, homeAreaId: KEDA },
      station(),
    );
    expect(again.status, again.text).toBe(409);
    expect(await container().identityKey()).toEqual(derive(ORIGINAL, 'identity numbers'));
  });

  it('lands every one of concurrent rotations: no key is lost', async () => {
    const before = await container().current();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => container().rotate('rotate')));
    const ids = outcomes.map((o) => o.current);
    expect(new Set(ids).size).toBe(6);
    const reader = container();
    for (const id of [before.id, ...ids]) expect((await reader.find(id))?.id).toBe(id);
    expect(ids).toContain((await reader.current()).id);
  });

  it('in a warm container: a new key is read once when first met, the current key and a revocation within RING_REFRESH_MS, forged ids at most once', async () => {
    let now = new Date();
    const clock = { now: () => now };
    let reads = 0;
    const db = documentClient();
    const counting = { send: (command: never) => (reads++, db.send(command)) } as unknown as DynamoDBDocumentClient;
    const warm = container(clock, counting);
    const old = await warm.current();

    const { current: rotated } = await container().rotate('rotate');
    expect((await warm.current()).id).toBe(old.id);
    reads = 0;
    expect((await warm.find(rotated))?.id).toBe(rotated);
    expect(reads).toBe(1);
    for (let i = 0; i < 50; i++) expect(await warm.find(`forged${i}`)).toBeUndefined();
    expect(reads).toBe(1);

    now = new Date(now.getTime() + RING_REFRESH_MS);
    expect((await warm.current()).id).toBe(rotated);
    await container().rotate('revoke');
    expect((await warm.find(old.id))?.id).toBe(old.id);
    now = new Date(now.getTime() + RING_REFRESH_MS);
    expect(await warm.find(old.id)).toBeUndefined();
  });
});
