import { describe, expect, it } from 'vitest';
import { checkOfferLink, signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { requestFixture } from '../../support/fixtures';

const key = { id: 'k1', secret: Buffer.alloc(32, 7) };
const now = new Date('2026-11-29T08:00:00Z');
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function offered(version: number) {
  return requestFixture({
    status: 'OFFERED',
    version,
    offer: {
      teamId: 'team-a',
      teamName: 'A',
      offeredAt: now.toISOString(),
      deadline: '2026-11-29T09:00:00Z',
      reason: { zh: '', en: '' },
    },
  });
}

/** A signed link whose signature holds a `-` or `_`, so the standard-alphabet variant differs. */
function linkWithUrlSafeCharacter(): { id: string; link: OfferLinkParams } {
  for (let version = 1; ; version++) {
    const request = offered(version);
    const link = signOfferLink(request, key);
    if (/[-_]/.test(link.sig)) return { id: request.id, link };
  }
}

describe('offer link signatures', () => {
  const { id, link } = linkWithUrlSafeCharacter();
  const check = (sig: string) => checkOfferLink(id, { ...link, sig }, key, now);

  it('accept the signature as signed', () => {
    expect(link.sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(check(link.sig)).toBe('valid');
  });

  it('refuse every other spelling of the same bytes: padding, junk, the standard alphabet, spare bits', () => {
    const last = link.sig.at(-1)!;
    // The last of 43 characters carries 4 bits of the MAC; its 2 low bits are spare.
    const spareBitsChanged = link.sig.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    const standardAlphabet = link.sig.replace(/-/g, '+').replace(/_/g, '/');
    for (const sig of [
      `${link.sig}=`,
      `${link.sig}!`,
      `${link.sig}==`,
      ` ${link.sig}`,
      `${link.sig}\n`,
      spareBitsChanged,
      standardAlphabet,
    ]) {
      expect([JSON.stringify(sig), check(sig)]).toEqual([JSON.stringify(sig), 'forged']);
    }
  });

  it('refuse a signature of another length or made for another request', () => {
    expect(check(link.sig.slice(0, -1))).toBe('forged');
    expect(check(`${link.sig}A`)).toBe('forged');
    expect(checkOfferLink(`${id}x`, link, key, now)).toBe('forged');
  });
});
