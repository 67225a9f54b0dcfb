/** The resident's status page as an answer: as GET shows it, and again after a refused rating. */
import { ValidationError } from '#shared/domain/errors';
import { viewRequest, type RequestView, type ViewRequestDeps } from '#shared/use-cases/view-request';
import { renderStatusPage, type StatusPageInput } from '#shared/web/status-page';
import { pageOptions } from './page-options';
import { accessTokenOf, actionUrl, CHANGED_PARAMETER, statusPageUrl } from './request-links';
import type { HttpRequest } from './request';
import type { HttpResult } from './response';

type Extra = Partial<Pick<StatusPageInput, 'changed' | 'confirmCancel' | 'refusedRating'>>;

/** The page of `view` with the resident's actions, their links carrying the token presented. */
export function statusPageHtml(request: HttpRequest, view: RequestView, extra: Extra = {}): string {
  const token = accessTokenOf(request) ?? '';
  const action = (name: 'cancel' | 'rating' | 'reopen') => actionUrl(request, view.id, token, name);
  return renderStatusPage({
    view,
    selfUrl: statusPageUrl(request, view.id, token, false),
    cancelUrl: action('cancel'),
    ratingUrl: action('rating'),
    reopenUrl: action('reopen'),
    ...extra,
    ...pageOptions(request),
  });
}

/**
 * A rating posted from the status page and refused (400: a comment too long): the status page
 * again, naming the field, with the stars and the words as sent, so nothing typed is lost; the
 * page saying it was not done when the request can no longer be rated.
 */
export async function refusedRatingPage(deps: ViewRequestDeps, error: unknown, request: HttpRequest): Promise<HttpResult | undefined> {
  const id = request.pathParameters.id;
  if (!(error instanceof ValidationError) || !request.routeKey.endsWith('/rating') || request.bodyKind !== 'form' || !id) return undefined;
  const token = accessTokenOf(request);
  const view = await viewRequest(deps, id, token).catch(() => undefined);
  if (!view || !token) return undefined;
  // No longer to be rated (rated, or past its days, meanwhile): the page has no form to name the
  // field on, so it says the rating was not done, as for one refused for that.
  if (!view.actions.rate) return { status: 303, redirect: `${statusPageUrl(request, id, token)}&${CHANGED_PARAMETER}=1` };
  const form = request.body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const stars = text(form.stars);
  const comment = text(form.comment);
  const refusedRating = { issues: error.issues, ...(stars ? { stars } : {}), ...(comment ? { comment } : {}) };
  return { status: 400, html: statusPageHtml(request, view, { refusedRating }) };
}
