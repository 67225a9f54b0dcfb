/**
 * POST /requests/{id}/complete: the accepting team reports the order done, with volunteers'
 * minutes; by its team token (JSON), or by its signed offer link (JSON, or the offer page's form).
 */
import { parseCompletion } from '#shared/domain/completion';
import { ValidationError } from '#shared/domain/errors';
import type { OfferLinkParams } from '#shared/domain/offer-link';
import { linkParamsOf } from '#shared/http/offer-links';
import { completionRefusalPage } from '#shared/http/offer-refusal';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import { httpHandler } from '#shared/lambda/http-handler';
import { teamOfLink, viewTeamOffer } from '#shared/use-cases/team-offer';
import { authenticateTeam, completeRequest } from '#shared/use-cases/team-work';
import { completionFormValues, completionFromForm, issuesAtRows } from '#shared/web/completion-form';
import { offerPageUrls } from '#shared/web/links';
import { renderOfferPage } from '#shared/web/offer-page';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext(
  'complete-request',
  { ...table.dispatching, areas: table.areas, signingKeys: table.signingKeys, volunteers: table.volunteers, credits: table.credits },
  queuePublisher,
);
const deps = { ...tables, clock };

/** A refused form post shows the offer page again, the rows as typed, each problem at its row; any other refusal, the reason at its top (a 409, whom to ask for missing hours). */
async function refusedForm(error: unknown, request: HttpRequest) {
  const link = linkParamsOf(request);
  if (!(error instanceof ValidationError)) return completionRefusalPage(deps, error, request);
  if (request.bodyKind !== 'form' || !link.sig) return undefined;
  const id = request.pathParameters.id ?? '';
  // The link was checked before the form was read; should the page fail now, the generic error page says 400.
  const view = await viewTeamOffer(deps, id, link).catch(() => undefined);
  if (!view) return undefined;
  const options = pageOptions(request);
  const completion = { values: completionFormValues(request.body), issues: issuesAtRows(request.body, error.issues) };
  return {
    status: 400,
    html: renderOfferPage({ view, ...offerPageUrls(request.origin, id, link as OfferLinkParams, options), ...options, completion }),
  };
}

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError: refusedForm }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const link = linkParamsOf(request);
  // Without a token or a link: the token's 401, as before links could complete.
  const byLink = !request.headers.authorization && link.sig !== undefined;
  const teamId = byLink ? await teamOfLink(deps, id, link) : await authenticateTeam(deps.teams, request.headers.authorization);
  const report = request.bodyKind === 'form' ? completionFromForm(request.body) : parseCompletion(request.body);
  const completed = await completeRequest(deps, id, teamId, report);
  logger.info('order completed', { requestId: id, teamId, volunteers: report.hours.length, by: byLink ? 'link' : 'token' });
  if (request.wantsHtml && byLink)
    return {
      status: 303,
      redirect: `${offerPageUrls(request.origin, id, link as OfferLinkParams, pageOptions(request)).selfUrl}#complete`,
    };
  return { status: 200, json: { id, status: completed.status, completedAt: completed.completion?.completedAt } };
});
