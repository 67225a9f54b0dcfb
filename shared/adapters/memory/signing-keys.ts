/** The signing keys in memory: the ring as in the table, its first key the one given, else one drawn on first use. */
import { derive } from '#shared/domain/sealed-box';
import {
  firstRing,
  type KeyRing,
  keyNamed,
  newSigningKey,
  originalKey,
  type Rotation,
  rotated,
  type SigningKey,
} from '#shared/domain/key-ring';
import { type Clock, systemClock } from '#shared/ports/clock';
import type { RotationOutcome, SigningKeys } from '#shared/ports/signing-keys';

export class MemorySigningKeys implements SigningKeys {
  private ring: KeyRing | undefined;
  private pinnedIdentity: Buffer | undefined;

  constructor(
    key?: SigningKey,
    private readonly clock: Clock = systemClock,
  ) {
    if (key) this.ring = firstRing(key);
  }

  async current(): Promise<SigningKey> {
    this.ring ??= firstRing(newSigningKey());
    return this.ring.current;
  }

  async find(id?: string): Promise<SigningKey | undefined> {
    return this.ring && keyNamed(this.ring, id, this.clock.now());
  }

  async identityKey(): Promise<Buffer> {
    await this.current();
    return (this.pinnedIdentity ??= derive(originalKey(this.ring!)!, 'identity numbers'));
  }

  async rotate(mode: Rotation): Promise<RotationOutcome> {
    await this.identityKey();
    this.ring = rotated(this.ring!, newSigningKey(), mode, this.clock.now());
    return { current: this.ring.current.id, kept: this.ring.previous.map(({ id, retiresAt }) => ({ id, retiresAt })) };
  }
}
