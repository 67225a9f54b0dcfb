/**
 * AES-256-GCM with a key derived (HKDF-SHA256, one purpose label per use) from one of the
 * deployment's signing keys, so stored secrets are encrypted with nothing new to deploy. A sealed text is
 * `<keyId>.<base64url(iv | ciphertext | tag)>`; `aad` binds it to the item it belongs to, so a
 * sealed value copied to another item does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SealingKey {
  readonly id: string;
  readonly secret: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 32-byte key for one purpose, derived (HKDF-SHA256) from the deployment's signing key; every derived key comes from here. */
export function derive(key: Pick<SealingKey, 'secret'>, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key.secret, Buffer.alloc(0), `paidan ${purpose}`, 32));
}

export function seal(key: SealingKey, purpose: string, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', derive(key, purpose), iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${key.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** The id of the key a text was sealed with ('' when it names none): look that key up to open it. */
export const sealedKeyId = (sealed: string): string => sealed.slice(0, Math.max(0, sealed.indexOf('.')));

/** The plaintext, or undefined when the text was sealed with another key, for another item or altered. */
export function open(key: SealingKey, purpose: string, sealed: string, aad: string): string | undefined {
  const dot = sealed.indexOf('.');
  if (dot < 0 || sealed.slice(0, dot) !== key.id) return undefined;
  const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive(key, purpose), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
