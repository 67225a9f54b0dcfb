/**
 * The team's members, for its leader (team token): GET /team/members (members and the invitations
 * waiting), POST /team/members (invite by phone: an SMS, through send-notifications, leads the
 * person to their own page, where they join by accepting),
 * DELETE /team/members/{id}, DELETE /team/invitations/{id} (withdraw).
 */
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { inviteMember, pendingInvitations, withdrawInvitation } from '#shared/use-cases/team-invitations';
import { authenticateTeam } from '#shared/use-cases/team-work';
import { removeTeamMember, teamMembers } from '#shared/use-cases/volunteers';
import { functionContext } from '#shared/wiring/function-context';
import { queuePublisher } from '#shared/wiring/queue-publisher';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables, clock, publisher } = functionContext(
  'team-members',
  {
    teams: table.teams,
    signingKeys: table.signingKeys,
    volunteers: table.volunteers,
    invitations: table.invitations,
    limiter: table.limiter,
  },
  queuePublisher,
);
const deps = { ...tables, clock, publisher };

export const routes = routeTable('team-members', {
  'GET /team/members': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const [members, invitations] = await Promise.all([teamMembers(deps, teamId), pendingInvitations(deps, teamId)]);
    return { status: 200, json: { teamId, members, invitations } };
  },
  'POST /team/members': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const { invitation, sms } = await inviteMember(deps, teamId, request.body);
    logger.info('member invited', { teamId, invitationId: invitation.id, sms });
    return { status: 202, json: { invitation, sms } };
  },
  'DELETE /team/members/{id}': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const volunteerId = request.pathParameters.id ?? '';
    await removeTeamMember(deps, teamId, volunteerId);
    logger.info('member removed', { teamId, volunteerId });
    return { status: 200, json: { teamId, removed: volunteerId } };
  },
  'DELETE /team/invitations/{id}': async (request) => {
    const teamId = await authenticateTeam(deps.teams, request.headers.authorization);
    const invitationId = request.pathParameters.id ?? '';
    await withdrawInvitation(deps, teamId, invitationId);
    logger.info('invitation withdrawn', { teamId, invitationId });
    return { status: 200, json: { teamId, withdrawn: invitationId } };
  },
});

export const handler = httpHandler({ logger }, byRouteKey(routes));
