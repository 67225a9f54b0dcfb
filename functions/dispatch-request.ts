/** Consumer of the dispatch queue (派单). */
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { dispatchRequest, parseDispatchMessage } from '#shared/use-cases/dispatch-request';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock } = functionContext('dispatch-request', table.dispatching, queuePublisher);
const deps = { ...tables, clock };

export const handler = sqsHandler(logger, async (record, _context, log) => {
  const message = parseDispatchMessage(record.body);
  const outcome = await dispatchRequest(deps, message);
  if (outcome.kind === 'offered') log.info('request offered', { requestId: message.requestId, teamId: outcome.request.offer?.teamId });
  else if (outcome.kind === 'waiting') log.info('request waiting for a team', { requestId: message.requestId });
  else if (outcome.kind === 'review') log.info('wish sent to the station for review', { requestId: message.requestId });
  else if (outcome.kind === 'escalated')
    log.info('no team serving the area could take it: to the center', { requestId: message.requestId });
  else log.info('dispatch message ignored', { requestId: message.requestId, reason: outcome.reason });
});
