/** POST /requests/{id}/cancel: the resident withdraws their request. */
import { accessTokenOf, backToStatusPage, CONFIRM_CANCEL_PARAMETER, statusPageUrl } from '#shared/http/request-links';
import { httpHandler } from '#shared/lambda/http-handler';
import { CANCEL_CONFIRM_ID } from '#shared/web/links';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('cancel-request', table.dispatching, queuePublisher);
const deps = { ...tables, clock };

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError: backToStatusPage }, async (request) => {
  const id = request.pathParameters.id ?? '';
  const token = accessTokenOf(request);
  // From the status page the first tap only asks (see renderStatusPage); the second sends confirm=yes.
  if (request.wantsHtml && (request.body as Record<string, unknown> | undefined)?.confirm !== 'yes')
    return { status: 303, redirect: `${statusPageUrl(request, id, token ?? '')}&${CONFIRM_CANCEL_PARAMETER}=confirm#${CANCEL_CONFIRM_ID}` };
  const cancelled = await cancelRequest(deps, id, token);
  logger.info('request cancelled by the resident', { requestId: id });
  if (request.wantsHtml) return { status: 303, redirect: statusPageUrl(request, id, token ?? '') };
  return { status: 200, json: { id, status: cancelled.status } };
});
