/**
 * The deployment's signing keys as a ring: the current key signs; each signed thing (an offer
 * link, a session, a sealed answer) names the key that signed it, and is checked with that key
 * while the ring still holds it. A rotation makes a new current key and keeps the one before for
 * the longest a thing it signed can still be used (`RETIRED_KEY_SECONDS`); a revocation drops
 * every other key at once. Things signed before key ids existed name no key: they are checked
 * with the ring's original key, as long as it is in the ring.
 */
import { randomBytes } from 'node:crypto';
import { MAX_ACCEPT_MINUTES } from './catalog';
import type { SealingKey } from './sealed-box';
import { SESSION_SECONDS } from './sign-in';

/** `id`: lower-case letters and digits (`KEY_ID_PATTERN`), carried in links and cookies; `secret`: the raw key bytes. */
export type SigningKey = SealingKey;

export interface RetiredKey extends SigningKey {
  /** After this (ISO time) nothing the key signed is honoured any more. */
  readonly retiresAt: string;
}

export interface KeyRing {
  readonly current: SigningKey;
  /** Keys rotated out and not yet retired, newest first. */
  readonly previous: readonly RetiredKey[];
  /** The first key of the deployment: the one that signed the links and sessions that carry no key id. */
  readonly originalId: string;
}

export const KEY_ID_PATTERN = /^[0-9a-z]{1,32}$/;

/** No id (signed before key ids), or one in the form of ours: worth looking up in the ring. */
export const wellFormedKeyId = (id: string | undefined) => id === undefined || KEY_ID_PATTERN.test(id);

/**
 * How long a key rotated out is still honoured: the longest anything it signed lives. An offer
 * link answers until its deadline (a week at most: `MAX_ACCEPT_MINUTES`), a session lasts
 * `SESSION_SECONDS`, a sealed answer to a retried submission a day.
 */
export const RETIRED_KEY_SECONDS = Math.max(MAX_ACCEPT_MINUTES * 60, SESSION_SECONDS, 24 * 3600);

export type Rotation = 'rotate' | 'revoke';

/** A new key: 32 random bytes, and an id of 12 hex digits. */
export const newSigningKey = (): SigningKey => ({ id: randomBytes(6).toString('hex'), secret: randomBytes(32) });

/** The ring of a deployment's first key. */
export const firstRing = (key: SigningKey): KeyRing => ({ current: key, previous: [], originalId: key.id });

/** The ring after a rotation to `fresh`: the keys before kept until they retire, or (`revoke`) dropped at once. */
export function rotated(ring: KeyRing, fresh: SigningKey, mode: Rotation, now: Date): KeyRing {
  if (mode === 'revoke') return { current: fresh, previous: [], originalId: ring.originalId };
  const retiresAt = new Date(now.getTime() + RETIRED_KEY_SECONDS * 1000).toISOString();
  const kept = ring.previous.filter((k) => !retired(k, now));
  return { current: fresh, previous: [{ ...ring.current, retiresAt }, ...kept], originalId: ring.originalId };
}

/** The key to check a signed thing with: the one it names, else (no id) the original; none once dropped or retired. */
export function keyNamed(ring: KeyRing, id: string | undefined, now: Date): SigningKey | undefined {
  const wanted = id ?? ring.originalId;
  if (ring.current.id === wanted) return ring.current;
  const kept = ring.previous.find((k) => k.id === wanted);
  return kept && !retired(kept, now) ? { id: kept.id, secret: kept.secret } : undefined;
}

/** The original key while the ring holds it (for pinning the identity key before it can be dropped). */
export function originalKey(ring: KeyRing): SigningKey | undefined {
  if (ring.current.id === ring.originalId) return ring.current;
  const kept = ring.previous.find((k) => k.id === ring.originalId);
  return kept ? { id: kept.id, secret: kept.secret } : undefined;
}

const retired = (key: RetiredKey, now: Date) => Date.parse(key.retiresAt) <= now.getTime();
