/**
 * One-tap links for a team's answer to an offer: HMAC-SHA256 over the request, the team, the
 * request version the offer was made at, the expiry (the offer's deadline) and the id of the
 * signing key (`kid`). A link is useless for any other request, team or later offer, and after
 * its deadline. A link from before key ids has no `kid`: it is checked with the ring's original
 * key, over the payload without it.
 */
import { createHmac } from 'node:crypto';
import type { SigningKey } from './key-ring';
import { macMatches } from './mac';
import type { ServiceRequest } from './service-request';

export interface OfferLinkParams {
  readonly team: string;
  /** The request version at which the offer was made. */
  readonly v: string;
  /** Expiry, epoch seconds. */
  readonly exp: string;
  /** The signing key's id; absent on links signed before key ids. */
  readonly kid?: string;
  readonly sig: string;
}

const payload = (requestId: string, p: Omit<OfferLinkParams, 'sig'>) =>
  `offer|${requestId}|${p.team}|${p.v}|${p.exp}${p.kid === undefined ? '' : `|${p.kid}`}`;

export function signOfferLink(request: ServiceRequest, key: SigningKey): OfferLinkParams {
  const offer = request.offer;
  if (request.status !== 'OFFERED' || !offer) throw new Error('Only an open offer gets links');
  const unsigned = {
    team: offer.teamId,
    v: String(request.version),
    exp: String(Math.floor(Date.parse(offer.deadline) / 1000)),
    kid: key.id,
  };
  return { ...unsigned, sig: createHmac('sha256', key.secret).update(payload(request.id, unsigned)).digest('base64url') };
}

/** An HMAC-SHA256 in unpadded base64url: 43 characters of its alphabet. */
const signaturePattern = /^[A-Za-z0-9_-]{43}$/;

export type LinkCheck = 'valid' | 'forged' | 'expired';

/** Checks a link with the key it names (the original key for a link without one). */
export function checkOfferLink(requestId: string, params: Partial<OfferLinkParams>, key: SigningKey, now: Date): LinkCheck {
  const { team, v, exp, kid, sig } = params;
  if (!team || !v || !exp || !sig || !/^\d{1,12}$/.test(exp) || !/^\d{1,9}$/.test(v)) return 'forged';
  if (kid !== undefined && kid !== key.id) return 'forged';
  // Only the one canonical encoding is the signature (`macMatches`): anything else is a different link.
  if (!signaturePattern.test(sig)) return 'forged';
  const expected = createHmac('sha256', key.secret)
    .update(payload(requestId, { team, v, exp, ...(kid === undefined ? {} : { kid }) }))
    .digest();
  if (!macMatches(sig, expected)) return 'forged';
  return Number(exp) * 1000 < now.getTime() ? 'expired' : 'valid';
}

/** The query string of a link, for `/offers/{id}`, `/offers/{id}/accept`, `/offers/{id}/decline`. */
export function offerLinkQuery(params: OfferLinkParams): string {
  const { team, v, exp, kid, sig } = params;
  return new URLSearchParams({ team, v, exp, ...(kid === undefined ? {} : { kid }), sig }).toString();
}

/** The offer's page and its two answers, each carrying the signed link. */
export function offerUrls(origin: string, requestId: string, link: OfferLinkParams) {
  const base = `${origin}/offers/${encodeURIComponent(requestId)}`;
  const query = offerLinkQuery(link);
  return { view: `${base}?${query}`, accept: `${base}/accept?${query}`, decline: `${base}/decline?${query}` };
}
