/** The admins' requests: list, 代点单, detail, and dispatch by hand, reassign, reject, cancel, a team's visit hours recorded by staff, the resident's rating or reopening on a callback (回访), and erasure of an ended request's personal data (center only). */
import { idempotencyKeyOf } from '#shared/http/submission-input';
import { statusPageUrl } from '#shared/http/request-links';
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import type { HttpRequest } from '#shared/http/request';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import * as admin from '#shared/use-cases/admin-requests';
import { eraseRequest } from '#shared/use-cases/erase-request';
import { recordHoursForTeam } from '#shared/use-cases/staff-hours';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, publisher, clock } = functionContext(
  'admin-requests',
  { ...table.dispatching, areas: table.areas, volunteers: table.volunteers, credits: table.credits, retention: table.retention },
  queuePublisher,
);
const deps = { ...tables, publisher, clock };

type Action = (d: typeof deps, staff: Staff, id: string, body: unknown) => Promise<ServiceRequest>;

/** Dispatch by hand, reassign, reject, cancel, record hours, rate, reopen: one action on one request, logged once it happened. */
const act = (name: string, action: Action) => async (request: HttpRequest) => {
  const staff = request.staff();
  const after = await action(deps, staff, request.pathParameters.id ?? '', request.body ?? {});
  logger.info(`request ${name} by staff`, { requestId: after.id, status: after.status, staff: staff.id });
  return { status: 200, json: { id: after.id, status: after.status, version: after.version } };
};

export const routes = routeTable('admin-requests', {
  'GET /admin/requests': async (request) => ({ status: 200, json: await admin.listRequests(deps, request.staff(), request.query) }),
  'POST /admin/requests': async (request) => {
    const staff = request.staff();
    const { submitted, created } = await admin.orderForResident(deps, staff, request.body, idempotencyKeyOf(request));
    if (created) logger.info('request ordered for a resident', { requestId: submitted.id, staff: staff.id });
    return { status: 201, json: { ...submitted, statusUrl: statusPageUrl(request, submitted.id, submitted.accessToken, false) } };
  },
  'GET /admin/requests/{id}': async (request) => ({
    status: 200,
    json: await admin.requestDetail(deps, request.staff(), request.pathParameters.id ?? ''),
  }),
  'POST /admin/requests/{id}/dispatch': act('dispatch', admin.dispatchByHand),
  'POST /admin/requests/{id}/reassign': act('reassign', admin.reassign),
  'POST /admin/requests/{id}/reject': act('reject', admin.rejectRequest),
  'POST /admin/requests/{id}/cancel': act('cancel', admin.cancelByAdmin),
  'POST /admin/requests/{id}/hours': act('hours recorded', recordHoursForTeam),
  'POST /admin/requests/{id}/rating': act('rated for the resident', admin.rateForResident),
  'POST /admin/requests/{id}/reopen': act('reopened for the resident', admin.reopenForResident),
  // The id and the staff member only: what was erased is never logged.
  'POST /admin/requests/{id}/erase': act('personal data erased', eraseRequest),
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env), publicUrl: env.PUBLIC_URL }, byRouteKey(routes));
