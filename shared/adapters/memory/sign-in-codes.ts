/** Sign-in codes on a Map, with the table's rules: new codes spaced, tries counted before comparing, a code used once. */
import { hashesMatch } from '#shared/domain/sign-in';
import type { CodeCheck, CodeClient, SignInCodes } from '#shared/ports/sign-in-codes';

interface Stored {
  codeHash: string;
  issuedAt: number;
  expiresAt: number;
  tries: number;
  used: boolean;
  askedBy: CodeClient;
}

export class MemorySignInCodes implements SignInCodes {
  private readonly codes = new Map<string, Stored>();

  async issue(
    phoneKey: string,
    codeHash: string,
    now: Date,
    expiresAt: Date,
    spacingSeconds = 0,
    askedBy: CodeClient = 'any',
  ): Promise<boolean> {
    const earlier = this.codes.get(phoneKey);
    if (earlier && earlier.issuedAt > now.getTime() - spacingSeconds * 1000) return false;
    this.codes.set(phoneKey, { codeHash, issuedAt: now.getTime(), expiresAt: expiresAt.getTime(), tries: 0, used: false, askedBy });
    return true;
  }

  async check(phoneKey: string, codeHash: string, now: Date, maxTries: number, from: CodeClient = 'any'): Promise<CodeCheck> {
    const stored = this.codes.get(phoneKey);
    if (!stored || stored.used) return 'none';
    if (stored.expiresAt <= now.getTime()) return 'expired';
    if (stored.tries >= maxTries) return 'locked';
    if (stored.askedBy === 'known' && from !== 'known') return 'wrong';
    stored.tries++;
    if (!hashesMatch(stored.codeHash, codeHash)) return stored.tries >= maxTries ? 'locked' : 'wrong';
    stored.used = true;
    return 'ok';
  }

  async isLive(phoneKey: string, codeHash: string, now: Date): Promise<boolean> {
    const stored = this.codes.get(phoneKey);
    return !!stored && !stored.used && stored.expiresAt > now.getTime() && hashesMatch(stored.codeHash, codeHash);
  }

  async hasLive(phoneKey: string, now: Date, maxTries: number): Promise<boolean> {
    const stored = this.codes.get(phoneKey);
    return !!stored && !stored.used && stored.expiresAt > now.getTime() && stored.tries < maxTries;
  }

  async release(phoneKey: string, codeHash: string): Promise<void> {
    const stored = this.codes.get(phoneKey);
    if (stored && !stored.used && stored.codeHash === codeHash) stored.issuedAt = 0;
  }
}
