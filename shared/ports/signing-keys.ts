/**
 * The deployment's keys, kept in the (encrypted) table so AWS and the local stack sign the same
 * way with nothing else to deploy: the ring of signing keys (`key-ring.ts`: offer links, volunteer
 * sessions, sealed answers), created on first use, and the identity numbers' hash key, pinned once
 * and never rotated.
 */
import type { Rotation, SigningKey } from '#shared/domain/key-ring';

export type { SigningKey } from '#shared/domain/key-ring';

export interface SigningKeys {
  /** The key to sign with now; the ring is created once, race-free, when there is none yet. */
  current(): Promise<SigningKey>;
  /**
   * The key to check a signed thing with: the one `id` names, or (no id: signed before key ids)
   * the original key; undefined when the ring does not hold it (never issued, retired, revoked).
   */
  find(id?: string): Promise<SigningKey | undefined>;
  /**
   * The key of the identity numbers' keyed hashes: derived from the original signing key exactly
   * as before the ring existed, and pinned as an item of its own, so rotations never change a
   * stored hash.
   */
  identityKey(): Promise<Buffer>;
  /**
   * A new current key. `rotate` keeps the keys before until `RETIRED_KEY_SECONDS` on (what they
   * signed stays good until it expires); `revoke` drops them at once (a leak: every outstanding
   * link and session stops working). Pins the identity key first. Concurrent rotations each add
   * their key; none is lost.
   */
  rotate(mode: Rotation): Promise<RotationOutcome>;
}

export interface RotationOutcome {
  readonly current: string;
  /** Ids of the keys still honoured besides the current one, with when each retires. */
  readonly kept: readonly { readonly id: string; readonly retiresAt: string }[];
}
