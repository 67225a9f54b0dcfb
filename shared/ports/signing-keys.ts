/**
 * The secret that signs the one-tap links sent to teams. Kept in the (encrypted) table, created
 * on first use, so AWS and the local stack sign the same way with nothing else to deploy.
 */
export interface SigningKey {
  readonly id: string;
  /** Raw key bytes. */
  readonly secret: Buffer;
}

export interface SigningKeys {
  /** The key to sign with now; created once, race-free, when there is none yet. */
  current(): Promise<SigningKey>;
  /** The key to verify with, read-only: none yet means no link was ever signed. */
  find(): Promise<SigningKey | undefined>;
}
