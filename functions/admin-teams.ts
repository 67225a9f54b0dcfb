/** The admins' teams: list, create, change, pause and resume, new API token. */
import { parseOrThrow } from '#shared/domain/validation';
import type { HttpRequest } from '#shared/http/request';
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import {
  createTeam,
  teamListQuery,
  listTeams,
  rotateTeamToken,
  setTeamPaused,
  teamDetail,
  updateTeam,
} from '#shared/use-cases/admin-teams';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

// The publisher sends the notices of the offers its changes make at once (the relay would, a minute later).
const { env, logger, tables, clock } = functionContext('admin-teams', { ...table.dispatching, areas: table.areas }, queuePublisher);
const deps = { ...tables, clock, emailOff: env.EMAIL_TRANSPORT === 'off', webhooks: { allowLocal: env.PAIDAN_LOCAL_WEBHOOKS === 'on' } };

/** Logs a change once it has happened: a refused one (409, 400) throws before this line. */
const changed = <T>(request: HttpRequest, action: string, result: T): { status: 200; json: T } => {
  logger.info('team changed', { teamId: request.pathParameters.id, action, staff: request.staff().id });
  return { status: 200, json: result };
};
const idOf = (request: HttpRequest) => request.pathParameters.id ?? '';

export const routes = routeTable('admin-teams', {
  'GET /admin/teams': async (request) => {
    const { area, ...page } = parseOrThrow(teamListQuery, request.query);
    return { status: 200, json: await listTeams(deps, request.staff(), area, page) };
  },
  'POST /admin/teams': async (request) => {
    const staff = request.staff();
    const created = await createTeam(deps, staff, request.body ?? {});
    logger.info('team created', { teamId: created.team.id, staff: staff.id });
    return { status: 201, json: created };
  },
  'GET /admin/teams/{id}': async (request) => ({ status: 200, json: await teamDetail(deps, request.staff(), idOf(request)) }),
  'PATCH /admin/teams/{id}': async (request) =>
    changed(request, 'PATCH', await updateTeam(deps, request.staff(), idOf(request), request.body ?? {})),
  'POST /admin/teams/{id}/pause': async (request) =>
    changed(request, 'pause', await setTeamPaused(deps, request.staff(), idOf(request), true)),
  'POST /admin/teams/{id}/resume': async (request) =>
    changed(request, 'resume', await setTeamPaused(deps, request.staff(), idOf(request), false)),
  'POST /admin/teams/{id}/token': async (request) => changed(request, 'token', await rotateTeamToken(deps, request.staff(), idOf(request))),
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
