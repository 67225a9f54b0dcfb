/** The signed link parameters of a team's offer, read from a request and written into URLs. */
import { offerLinkQuery, type OfferLinkParams } from '#shared/domain/offer-link';
import type { HttpRequest } from './request';

export function linkParamsOf(request: HttpRequest): Partial<OfferLinkParams> {
  const { team, v, exp, sig } = request.query;
  return { team, v, exp, sig };
}

export function offerUrls(origin: string, requestId: string, link: OfferLinkParams) {
  const base = `${origin}/offers/${encodeURIComponent(requestId)}`;
  const query = offerLinkQuery(link);
  return { view: `${base}?${query}`, accept: `${base}/accept?${query}`, decline: `${base}/decline?${query}` };
}
