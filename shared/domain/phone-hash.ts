/**
 * A phone kept as a key: an HMAC of the number (E.164) under a key derived, for one purpose, from
 * the identity numbers' key (pinned, never rotated, so a key made today finds the same item later).
 * Not a plain hash: mainland mobile numbers are few enough (about 10^10) that a plain hash gives
 * the number back to anyone holding the items. The key sits in the same table
 * (`CONFIG#identity-key`), so this guards items read or leaked without it, not a copy of the whole
 * table (docs/ARCHITECTURE.md, beside the key ring).
 */
import { createHmac } from 'node:crypto';
import { derive } from './sealed-box';

export const keyedPhoneHash = (identityKey: Buffer, purpose: string, phone: string) =>
  createHmac('sha256', derive({ secret: identityKey }, purpose))
    .update(phone)
    .digest('base64url');
