import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { MAX_ACCEPT_MINUTES } from '#shared/domain/catalog';
import { keyNamed, RETIRED_KEY_SECONDS, rotated, firstRing } from '#shared/domain/key-ring';
import { signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { derive } from '#shared/domain/sealed-box';
import { SESSION_SECONDS, signSession } from '#shared/domain/sign-in';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { viewTeamOffer } from '#shared/use-cases/team-offer';
import { sessionVolunteer } from '#shared/use-cases/volunteer-sign-in';
import { KEDA, teamFixture } from '../../support/fixtures';
import { offeredRadio } from '../../support/offered-radio';

const ORIGINAL = { id: 'k0', secret: Buffer.alloc(32, 7) };
const HOUR = 3_600_000;
const VOLUNTEER = 'abcdefghjkmnpqrstvwx';

let mem: MemoryDeps;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-12-06T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas, signingKey: ORIGINAL });
  await mem.teams.register(teamFixture('first', { servesAreaId: '370902', capacity: 2 }), ['appliance-repair']);
  // Sessions are checked against the person (their session version), so the person is registered.
  await mem.volunteers.register({
    id: VOLUNTEER,
    name: '王志愿',
    phone: '+8613900000001',
    homeAreaId: KEDA,
    registeredAt: now.toISOString(),
    registeredBy: { kind: 'self' },
  });
});

const offered = () => offeredRadio(mem);

async function linkFor(id: string): Promise<OfferLinkParams> {
  return signOfferLink(mem.requests.requests.get(id)!, await mem.signingKeys.current());
}

/** A link as signed before key ids: no `kid`, the MAC over the payload without it. */
function legacyLink(id: string): OfferLinkParams {
  const request = mem.requests.requests.get(id)!;
  const unsigned = {
    team: request.offer!.teamId,
    v: String(request.version),
    exp: String(Math.floor(Date.parse(request.offer!.deadline) / 1000)),
  };
  const payload = `offer|${id}|${unsigned.team}|${unsigned.v}|${unsigned.exp}`;
  return { ...unsigned, sig: createHmac('sha256', ORIGINAL.secret).update(payload).digest('base64url') };
}

/** A session cookie as signed before key ids: `<id>.<expires>.<mac>`. */
function legacySession(at: Date): string {
  const body = `${VOLUNTEER}.${Math.floor(at.getTime() / 1000) + SESSION_SECONDS}`;
  return `${body}.${createHmac('sha256', derive(ORIGINAL, 'volunteer sessions')).update(body).digest('base64url')}`;
}

const state = async (id: string, link: OfferLinkParams) => (await viewTeamOffer(mem, id, link).catch((e: Error) => e.name)) as unknown;

describe('signing across a key rotation', () => {
  it('signs with the current key, naming it, and keeps honouring what the key before signed', async () => {
    const id = await offered();
    const before = await linkFor(id);
    const session = signSession(await mem.signingKeys.current(), VOLUNTEER, now, 0);
    expect(before.kid).toBe('k0');
    expect(session.split('.')[2]).toBe('k0');

    const outcome = await mem.signingKeys.rotate('rotate');
    const after = await linkFor(id);
    expect(after.kid).toBe(outcome.current);
    expect(after.kid).not.toBe('k0');
    expect(after.sig).not.toBe(before.sig);
    for (const link of [before, after, legacyLink(id)]) expect(await state(id, link)).toMatchObject({ state: 'open' });
    expect(await sessionVolunteer(mem, session)).toBe(VOLUNTEER);
    expect(await sessionVolunteer(mem, legacySession(now))).toBe(VOLUNTEER);
  });

  it('refuses what a revoked key signed (a 404, as a forged link; a session signed out), the new key signing on', async () => {
    const id = await offered();
    const before = await linkFor(id);
    const session = signSession(await mem.signingKeys.current(), VOLUNTEER, now, 0);
    await mem.signingKeys.rotate('rotate');
    const middle = await linkFor(id);

    await mem.signingKeys.rotate('revoke');
    for (const link of [before, middle, legacyLink(id)]) expect(await state(id, link)).toBe('NotFoundError');
    expect(await sessionVolunteer(mem, session)).toBeUndefined();
    expect(await sessionVolunteer(mem, legacySession(now))).toBeUndefined();
    expect(await state(id, await linkFor(id))).toMatchObject({ state: 'open' });
    expect(await sessionVolunteer(mem, signSession(await mem.signingKeys.current(), VOLUNTEER, now, 0))).toBe(VOLUNTEER);
  });

  it('drops a rotated-out key once the longest thing it signed has expired', async () => {
    const id = await offered();
    const before = await linkFor(id);
    await mem.signingKeys.rotate('rotate');
    now = new Date(now.getTime() + RETIRED_KEY_SECONDS * 1000 - 1);
    expect(await mem.signingKeys.find('k0')).toBeDefined();
    now = new Date(now.getTime() + 1);
    expect(await mem.signingKeys.find('k0')).toBeUndefined();
    expect(await mem.signingKeys.find()).toBeUndefined();
    expect(await state(id, before)).toBe('NotFoundError');
  });

  it('keeps the identity numbers’ hash key across rotations and revocations: the one derived from the original key', async () => {
    const pinned = await mem.signingKeys.identityKey();
    expect(pinned).toEqual(derive(ORIGINAL, 'identity numbers'));
    await mem.signingKeys.rotate('rotate');
    await mem.signingKeys.rotate('revoke');
    expect(await mem.signingKeys.identityKey()).toEqual(pinned);
  });

  it('pins the identity key at the first rotation even when nothing asked for it before', async () => {
    await mem.signingKeys.rotate('revoke');
    expect(await mem.signingKeys.identityKey()).toEqual(derive(ORIGINAL, 'identity numbers'));
  });
});

describe('the key ring', () => {
  const t0 = new Date('2026-12-06T00:00:00Z');
  const key = (id: string) => ({ id, secret: Buffer.alloc(32, id.length) });

  it('keeps a rotated-out key at least as long as an offer link, a session and a sealed answer live', () => {
    expect(RETIRED_KEY_SECONDS).toBeGreaterThanOrEqual(MAX_ACCEPT_MINUTES * 60);
    expect(RETIRED_KEY_SECONDS).toBeGreaterThanOrEqual(SESSION_SECONDS);
    expect(RETIRED_KEY_SECONDS).toBeGreaterThanOrEqual(24 * 3600);
  });

  it('keeps every key of quick rotations, each until its own retirement, and prunes the retired at the next', () => {
    const ring = rotated(rotated(firstRing(key('a')), key('bb'), 'rotate', t0), key('ccc'), 'rotate', new Date(t0.getTime() + HOUR));
    expect(ring.previous.map((k) => k.id)).toEqual(['bb', 'a']);
    expect(keyNamed(ring, undefined, t0)?.id).toBe('a');
    const later = new Date(t0.getTime() + RETIRED_KEY_SECONDS * 1000 + HOUR);
    const pruned = rotated(ring, key('dddd'), 'rotate', later);
    expect(pruned.previous.map((k) => k.id)).toEqual(['ccc']);
    expect(pruned.originalId).toBe('a');
    expect(keyNamed(pruned, 'a', later)).toBeUndefined();
  });
});
