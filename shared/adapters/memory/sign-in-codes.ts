/** Sign-in codes on a Map, with the table's rules: two slots a phone, new codes spaced, tries counted before comparing, a code used once. */
import { hashesMatch } from '#shared/domain/sign-in';
import type { CodeCheck, CodeClient, SignInCodes } from '#shared/ports/sign-in-codes';

interface Stored {
  codeHash: string;
  issuedAt: number;
  expiresAt: number;
  tries: number;
  used: boolean;
}

/** The first telling outcome of a known browser's tries at both slots, as on the table. */
const ORDER: readonly CodeCheck[] = ['ok', 'wrong', 'locked', 'expired', 'none'];

export class MemorySignInCodes implements SignInCodes {
  private readonly codes = new Map<string, Partial<Record<CodeClient, Stored>>>();

  async issue(
    phoneKey: string,
    codeHash: string,
    now: Date,
    expiresAt: Date,
    spacingSeconds = 0,
    askedBy: CodeClient = 'any',
  ): Promise<boolean> {
    const slots = this.codes.get(phoneKey) ?? {};
    const spacedFrom = askedBy === 'known' ? [slots.known] : [slots.any, slots.known];
    if (spacedFrom.some((earlier) => earlier && earlier.issuedAt > now.getTime() - spacingSeconds * 1000)) return false;
    this.codes.set(phoneKey, {
      ...slots,
      [askedBy]: { codeHash, issuedAt: now.getTime(), expiresAt: expiresAt.getTime(), tries: 0, used: false },
    });
    return true;
  }

  async check(phoneKey: string, codeHash: string, now: Date, maxTries: number, from: CodeClient = 'any'): Promise<CodeCheck> {
    const slots = this.codes.get(phoneKey);
    if (from === 'any') {
      // The owner's live code, tried from another browser: a wrong code, nothing compared, none of its tries spent.
      const ownersLive = !!slots?.known && !slots.known.used && slots.known.expiresAt > now.getTime() && slots.known.tries < maxTries;
      const outcome = tryOne(slots?.any, codeHash, now, maxTries);
      return outcome === 'none' && ownersLive ? 'wrong' : outcome;
    }
    const own = tryOne(slots?.known, codeHash, now, maxTries);
    if (own === 'ok') return own;
    const other = tryOne(slots?.any, codeHash, now, maxTries);
    return ORDER.find((o) => o === own || o === other) ?? 'none';
  }

  async isLive(phoneKey: string, codeHash: string, now: Date): Promise<boolean> {
    return this.stored(phoneKey).some((s) => !s.used && s.expiresAt > now.getTime() && hashesMatch(s.codeHash, codeHash));
  }

  async hasLive(phoneKey: string, now: Date, maxTries: number): Promise<boolean> {
    return this.stored(phoneKey).some((s) => !s.used && s.expiresAt > now.getTime() && s.tries < maxTries);
  }

  async release(phoneKey: string, codeHash: string): Promise<void> {
    for (const s of this.stored(phoneKey)) if (!s.used && s.codeHash === codeHash) s.issuedAt = 0;
  }

  private stored(phoneKey: string): Stored[] {
    return Object.values(this.codes.get(phoneKey) ?? {});
  }
}

function tryOne(stored: Stored | undefined, codeHash: string, now: Date, maxTries: number): CodeCheck {
  if (!stored || stored.used) return 'none';
  if (stored.expiresAt <= now.getTime()) return 'expired';
  if (stored.tries >= maxTries) return 'locked';
  stored.tries++;
  if (!hashesMatch(stored.codeHash, codeHash)) return stored.tries >= maxTries ? 'locked' : 'wrong';
  stored.used = true;
  return 'ok';
}
