/**
 * A volunteer's teams, under /me where their session cookie goes: POST /me/invitations/{id}/accept
 * and POST /me/invitations/{id}/decline (answer a team's invitation), POST /me/teams/{id}/leave
 * (from a page, the first post only asks and the second sends confirm=yes). From a page each
 * answers with their page and a notice; an invitation gone meanwhile too (a JSON client gets 410).
 * Signed out, a post leads to the sign-in.
 */
import { GoneError, NotFoundError } from '#shared/domain/errors';
import { secureCookies, sessionCookieName } from '#shared/domain/sign-in';
import { invitationTeamOf } from '#shared/domain/team-invitation';
import { pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import type { HttpResult } from '#shared/http/response';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { acceptInvitation, declineInvitation, leaveTeam } from '#shared/use-cases/team-invitations';
import { sessionVolunteer } from '#shared/use-cases/volunteer-sign-in';
import { withPageOptions } from '#shared/web/links';
import { CONFIRM_LEAVE_PARAMETER, TEAM_NOTICE_PARAMETER, type TeamNotice } from '#shared/web/my-teams';
import { ME_PATH } from '#shared/web/volunteer-pages';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('volunteer-teams', {
  teams: table.teams,
  signingKeys: table.signingKeys,
  volunteers: table.volunteers,
  invitations: table.invitations,
});
const deps = { ...tables, clock };
/** The session cookie's name: `__Host-` over https. */
const SESSION = sessionCookieName(secureCookies(env.PUBLIC_URL));

/** Their teams on their page, keeping the language and type size, with the step's `flags`. */
const myTeams = (request: HttpRequest, flags: Readonly<Record<string, string>>) =>
  `${request.origin}${withPageOptions(`${ME_PATH}#teams`, pageOptions(request), flags)}`;

const LOG_LINES: Record<TeamNotice, string> = {
  accepted: 'invitation accepted',
  declined: 'invitation declined',
  left: 'volunteer left a team',
  'invitation-gone': 'invitation gone',
};

/** The step for the signed-in volunteer: their page with its notice (a JSON client: the step's outcome). */
const asVolunteer =
  (step: (volunteerId: string, id: string, request: HttpRequest) => Promise<{ notice: TeamNotice; json: object } | { ask: string }>) =>
  async (request: HttpRequest): Promise<HttpResult> => {
    const id = request.pathParameters.id ?? '';
    const volunteerId = await sessionVolunteer(deps, request.cookies[SESSION]);
    if (!volunteerId) return { status: 303, redirect: `${request.origin}${withPageOptions(ME_PATH, pageOptions(request))}` };
    const done = await step(volunteerId, id, request);
    if ('ask' in done) return { status: 303, redirect: myTeams(request, { [done.ask]: id }) };
    logger.info(LOG_LINES[done.notice], { volunteerId, ...done.json });
    if (!request.wantsHtml) return { status: 200, json: done.json };
    return { status: 303, redirect: myTeams(request, { [TEAM_NOTICE_PARAMETER]: done.notice }) };
  };

async function refusedStep(error: unknown, request: HttpRequest): Promise<HttpResult | undefined> {
  const gone = error instanceof GoneError || (error instanceof NotFoundError && request.routeKey.includes('/invitations/'));
  return gone ? { status: 303, redirect: myTeams(request, { [TEAM_NOTICE_PARAMETER]: 'invitation-gone' }) } : undefined;
}

export const routes = routeTable('volunteer-teams', {
  'POST /me/invitations/{id}/accept': asVolunteer(async (volunteerId, id) => ({
    notice: 'accepted',
    json: await acceptInvitation(deps, volunteerId, id),
  })),
  'POST /me/invitations/{id}/decline': asVolunteer(async (volunteerId, id) => ({
    notice: 'declined',
    json: { teamId: invitationTeamOf(id) ?? '', ...(await declineInvitation(deps, volunteerId, id)) },
  })),
  'POST /me/teams/{id}/leave': asVolunteer(async (volunteerId, teamId, request) => {
    // From their page the first tap only asks (see myTeamsSection); the second sends confirm=yes.
    if (request.wantsHtml && (request.body as Record<string, unknown> | undefined)?.confirm !== 'yes')
      return { ask: CONFIRM_LEAVE_PARAMETER };
    return { notice: 'left', json: { teamId, ...(await leaveTeam(deps, volunteerId, teamId)) } };
  }),
});

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError: refusedStep }, byRouteKey(routes));
