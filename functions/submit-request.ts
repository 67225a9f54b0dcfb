/** POST /requests: a resident's order (点单), from the HTML form or an API client. */
import { formKeyOf, formValues, idempotencyKeyOf, resubmitOf, submissionInput } from '#shared/http/submission-input';
import { lastOrderCookie, lastOrderOf } from '#shared/http/last-order-cookie';
import { pageOptions } from '#shared/http/page-options';
import { refusedFormPage, sentBeforeResult, submittedResult } from '#shared/http/submission-result';
import { matchingMode } from '#shared/domain/catalog';
import { httpHandler } from '#shared/lambda/http-handler';
import { admitSubmission } from '#shared/use-cases/admit-submission';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { parseOrder, submitRequest, type AlreadySent } from '#shared/use-cases/submit-request';
import { renderResubmitChoice } from '#shared/web/resubmit-page';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';
import type { HttpRequest } from '#shared/http/request';
import type { HttpResult } from '#shared/http/response';

const { env, logger, tables, publisher, clock } = functionContext(
  'submit-request',
  { ...table.requestViews, ...table.dispatching, limiter: table.limiter, signingKeys: table.signingKeys },
  queuePublisher,
);
const deps = {
  ...tables,
  publisher,
  clock,
  // A corrected order put in place of the one sent just before: the resident's own cancel.
  withdraw: (id: string, token: string, only: Parameters<typeof cancelRequest>[3]) => cancelRequest({ ...tables, clock }, id, token, only),
};

export const handler = httpHandler(
  { logger, publicUrl: env.PUBLIC_URL, htmlError: (error, request) => refusedFormPage(deps, error, request) },
  async (request) => {
    const submission = await parseOrder(deps, submissionInput(request));
    const idempotencyKey = idempotencyKeyOf(request);
    const formKey = formKeyOf(request);
    const lastSent = formKey ? lastOrderOf(env.PUBLIC_URL, request) : undefined;
    const resubmit = resubmitOf(request);
    const result = await submitRequest(deps, {
      submission,
      channel: request.bodyKind === 'form' ? 'web' : 'api',
      admit: () => admitSubmission(deps, request.sourceIp, submission.phone),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(formKey ? { formKey, client: request.sourceIp } : {}),
      ...(lastSent ? { lastSent } : {}),
      ...(resubmit ? { resubmit } : {}),
    });
    if ('sentBefore' in result) {
      logger.info('request repeated from another address: answered without its link', { requestId: result.sentBefore.id });
      return sentBeforeResult(request, result);
    }
    if ('alreadySent' in result) {
      logger.info(result.refused ? 'replace refused: the earlier request was taken' : 'different order while the last is open: asked', {
        requestId: result.alreadySent.id,
      });
      return alreadySentResult(request, result);
    }
    const { id } = result.submitted;
    if (!result.created)
      logger.info(idempotencyKey ? 'request replayed for its Idempotency-Key' : 'request replayed: the same form sent again', {
        requestId: id,
      });
    else {
      logger.info('request stored', {
        requestId: id,
        serviceCode: submission.serviceCode,
        areaId: submission.areaId,
        urgency: submission.urgency,
        ...(result.replaced && lastSent ? { replacedRequestId: lastSent.id } : {}),
      });
      if (result.queued) logger.info('dispatch message queued', { requestId: id });
      else logger.warn('dispatch message not sent; the outbox relay will send it', { requestId: id });
    }
    if (result.replaced && !result.created && lastSent)
      logger.info('replace sent again: the earlier request is cancelled', { requestId: id, replacedRequestId: lastSent.id });
    if (result.notReplaced && lastSent)
      logger.warn(
        result.notReplaced.taken
          ? 'replace: the earlier request was taken meanwhile; both stand'
          : 'replace: cancelling the earlier request failed; both stand',
        {
          requestId: id,
          earlierRequestId: lastSent.id,
          ...(result.failure ? { error: result.failure instanceof Error ? result.failure.name : 'unknown' } : {}),
        },
      );
    // A micro-wish's page says it goes to review and the wall, not to a team (the page only: JSON callers need no read).
    const wish = request.wantsHtml && matchingMode(await deps.catalog.getService(submission.serviceCode)) === 'claim';
    const answer = submittedResult(request, result.submitted, wish, result);
    // From the order form: this browser's last order, which a different one sent while it is open asks about.
    if (!formKey || !('html' in answer)) return answer;
    return { ...answer, cookies: [lastOrderCookie(env.PUBLIC_URL, id, result.submitted.accessToken)] };
  },
);

/** 409: nothing made; the page asks whether this order replaces the open one or is a second one. */
async function alreadySentResult(request: HttpRequest, answer: AlreadySent): Promise<HttpResult> {
  const { trackingCode, status, replaceable } = answer.alreadySent;
  if (!request.wantsHtml)
    return {
      status: 409,
      json: {
        error: 'ALREADY_SENT',
        message: 'A different order from this form while the last one is open',
        trackingCode,
        status,
        replaceable,
      },
    };
  const service = await deps.catalog.getService(answer.alreadySent.serviceCode);
  const serviceName = service?.name ?? { zh: answer.alreadySent.serviceCode, en: answer.alreadySent.serviceCode };
  return { status: 409, html: renderResubmitChoice({ answer, serviceName, values: formValues(request), ...pageOptions(request) }) };
}
