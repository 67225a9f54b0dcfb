/** The link-signing key in memory: the one given, else one drawn on first use. */
import { randomBytes } from 'node:crypto';
import type { SigningKey, SigningKeys } from '#shared/ports/signing-keys';

export class MemorySigningKeys implements SigningKeys {
  constructor(private key?: SigningKey) {}

  async current(): Promise<SigningKey> {
    this.key ??= { id: 'memory', secret: randomBytes(32) };
    return this.key;
  }

  async find(): Promise<SigningKey | undefined> {
    return this.key;
  }
}
