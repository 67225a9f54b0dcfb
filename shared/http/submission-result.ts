/** How POST /requests answers: JSON for API clients, pages for the HTML form. */
import { RateLimitedError, ValidationError } from '#shared/domain/errors';
import { t } from '#shared/web/i18n';
import { errorHeaders } from './error-response';
import type { SentBefore, SubmitRequestResult, SubmittedRequest } from '#shared/use-cases/submit-request';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import { activeMenu } from '#shared/use-cases/browse-reference-data';
import { communityPlace } from '#shared/use-cases/pick-area';
import { renderConfirmation, renderSentBefore } from '#shared/web/confirmation-page';
import { renderRequestForm } from '#shared/web/request-form-page';
import { pageOptions } from './page-options';
import { statusPageUrl } from './request-links';
import type { HttpRequest } from './request';
import type { HttpResult } from './response';
import { formValues } from './submission-input';

/** What became of the order this one was sent in place of (`resubmit: 'replace'`): cancelled, or still standing. */
export type Instead = Pick<SubmitRequestResult, 'replaced' | 'notReplaced'>;

/** `wish`: a micro-wish for the wall (matching mode `claim`), whose page says what happens to it. */
export function submittedResult(request: HttpRequest, submitted: SubmittedRequest, wish = false, outcome: Instead = {}): HttpResult {
  const url = statusPageUrl(request, submitted.id, submitted.accessToken, false);
  const { replaced, notReplaced } = outcome;
  const instead = { ...(replaced ? { replaced } : {}), ...(notReplaced ? { notReplaced } : {}) };
  if (request.wantsHtml) {
    return { status: 201, html: renderConfirmation({ submitted, statusUrl: url, wish, ...instead, ...pageOptions(request) }) };
  }
  return { status: 201, json: { ...submitted, statusUrl: url, ...instead }, headers: { location: url } };
}

/**
 * The same content sent again from another address: the request it made, by its tracking code
 * only (200: nothing new was made). Its link went to whoever sent it first.
 */
export function sentBeforeResult(request: HttpRequest, { sentBefore }: SentBefore): HttpResult {
  if (request.wantsHtml) return { status: 200, html: renderSentBefore({ ...sentBefore, ...pageOptions(request) }) };
  return { status: 200, json: { ...sentBefore, status: 'SUBMITTED', sentBefore: true } };
}

/**
 * A refused form post shows the form again, filled in: with a message at each bad field, or, when
 * too many orders came from the phone or address, when to send it again.
 */
export async function refusedFormPage(
  deps: { catalog: CatalogRepository; areas: AreaRepository },
  error: unknown,
  request: HttpRequest,
): Promise<HttpResult | undefined> {
  const limited = error instanceof RateLimitedError;
  if (!(error instanceof ValidationError || limited) || request.bodyKind !== 'form') return undefined;
  const options = pageOptions(request);
  const values = formValues(request);
  const posted = values.areaId;
  const [menu, place] = await Promise.all([
    activeMenu(deps.catalog),
    communityPlace(deps.areas, typeof posted === 'string' ? posted : posted?.[0]),
  ]);
  const areasShown = place ? { place } : {};
  if (limited) {
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    const html = renderRequestForm({
      menu,
      ...areasShown,
      values,
      limited: t(options.lang, 'orderLimited', { minutes: String(minutes) }),
      ...options,
    });
    return { status: 429, html, headers: errorHeaders(error) };
  }
  return { status: 400, html: renderRequestForm({ menu, ...areasShown, values, issues: error.issues, ...options }) };
}
