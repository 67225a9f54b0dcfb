/** The admins' requests: list, 代点单, detail, and dispatch by hand, reassign, reject, cancel. */
import { idempotencyKeyOf } from '#shared/http/submission-input';
import { statusPageUrl } from '#shared/http/request-links';
import { httpHandler } from '#shared/lambda/http-handler';
import * as admin from '#shared/use-cases/admin-requests';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables, publisher, clock } = functionContext('admin-requests', queuePublisher);
const deps = { ...tables, publisher, clock };
const actions = {
  dispatch: admin.dispatchByHand,
  reassign: admin.reassign,
  reject: admin.rejectRequest,
  cancel: admin.cancelByAdmin,
} as const;

export const handler = httpHandler({ logger }, async (request) => {
  const staff = request.staff();
  const id = request.pathParameters.id;
  if (request.method === 'GET') {
    return { status: 200, json: id ? await admin.requestDetail(deps, staff, id) : await admin.listRequests(deps, staff, request.query) };
  }
  if (!id) {
    const { submitted, created } = await admin.orderForResident(deps, staff, request.body, idempotencyKeyOf(request));
    if (created) logger.info('request ordered for a resident', { requestId: submitted.id, staff: staff.id });
    return { status: 201, json: { ...submitted, statusUrl: statusPageUrl(request, submitted.id, submitted.accessToken, false) } };
  }
  const action = request.path.split('/').pop() as keyof typeof actions;
  const after = await actions[action](deps, staff, id, request.body ?? {});
  logger.info(`request ${action} by staff`, { requestId: after.id, status: after.status, staff: staff.id });
  return { status: 200, json: { id: after.id, status: after.status, version: after.version } };
});
