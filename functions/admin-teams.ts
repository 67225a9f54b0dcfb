/** The admins' teams: list, create, change, pause and resume, new API token. */
import { parseOrThrow } from '#shared/domain/validation';
import { httpHandler } from '#shared/lambda/http-handler';
import { areaQuery, createTeam, listTeams, rotateTeamToken, setTeamPaused, teamDetail, updateTeam } from '#shared/use-cases/admin-teams';
import { functionContext } from '#shared/wiring/function-context';

const { logger, tables } = functionContext('admin-teams');
const deps = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const staff = request.staff();
  const id = request.pathParameters.id;
  const body = request.body ?? {};
  if (!id) {
    if (request.method === 'GET')
      return { status: 200, json: { teams: await listTeams(deps, staff, parseOrThrow(areaQuery, request.query).area) } };
    const created = await createTeam(deps, staff, body);
    logger.info('team created', { teamId: created.team.id, staff: staff.id });
    return { status: 201, json: created };
  }
  const action = request.method === 'POST' ? request.path.split('/').pop() : request.method;
  logger.info('team changed', { teamId: id, action, staff: staff.id });
  if (action === 'GET') return { status: 200, json: await teamDetail(deps, staff, id) };
  if (action === 'PATCH') return { status: 200, json: await updateTeam(deps, staff, id, body) };
  if (action === 'token') return { status: 200, json: await rotateTeamToken(deps, staff, id) };
  return { status: 200, json: await setTeamPaused(deps, staff, id, action === 'pause') };
});
