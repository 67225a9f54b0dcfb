/** POST /requests: a resident's order (点单), from the HTML form or an API client. */
import { formKeyOf, idempotencyKeyOf, submissionInput } from '#shared/http/submission-input';
import { refusedFormPage, sentBeforeResult, submittedResult } from '#shared/http/submission-result';
import { matchingMode } from '#shared/domain/catalog';
import { httpHandler } from '#shared/lambda/http-handler';
import { admitSubmission } from '#shared/use-cases/admit-submission';
import { parseOrder, submitRequest } from '#shared/use-cases/submit-request';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, publisher, clock } = functionContext(
  'submit-request',
  { ...table.requestViews, outbox: table.outbox, limiter: table.limiter, signingKeys: table.signingKeys },
  queuePublisher,
);
const deps = { ...tables, publisher, clock };

export const handler = httpHandler(
  { logger, publicUrl: env.PUBLIC_URL, htmlError: (error, request) => refusedFormPage(deps, error, request) },
  async (request) => {
    const submission = await parseOrder(deps, submissionInput(request));
    const idempotencyKey = idempotencyKeyOf(request);
    const formKey = formKeyOf(request);
    const result = await submitRequest(deps, {
      submission,
      channel: request.bodyKind === 'form' ? 'web' : 'api',
      admit: () => admitSubmission(deps, request.sourceIp, submission.phone),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(formKey ? { formKey, client: request.sourceIp } : {}),
    });
    if ('sentBefore' in result) {
      logger.info('request repeated from another address: answered without its link', { requestId: result.sentBefore.id });
      return sentBeforeResult(request, result);
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
      });
      if (result.queued) logger.info('dispatch message queued', { requestId: id });
      else logger.warn('dispatch message not sent; the outbox relay will send it', { requestId: id });
    }
    // A micro-wish's page says it goes to review and the wall, not to a team (the page only: JSON callers need no read).
    const wish = request.wantsHtml && matchingMode(await deps.catalog.getService(submission.serviceCode)) === 'claim';
    return submittedResult(request, result.submitted, wish);
  },
);
