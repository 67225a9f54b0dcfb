/** The signed link parameters of a team's offer, read from a request (`offerUrls` in the domain writes them). */
import type { OfferLinkParams } from '#shared/domain/offer-link';
import type { HttpRequest } from './request';

export function linkParamsOf(request: HttpRequest): Partial<OfferLinkParams> {
  const { team, v, exp, kid, sig } = request.query;
  return { team, v, exp, ...(kid === undefined ? {} : { kid }), sig };
}
