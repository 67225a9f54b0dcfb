/**
 * Volunteers for staff: POST /admin/volunteers (代注册), GET /admin/volunteers?phone=,
 * GET /admin/volunteers/{id} (teams and the one ledger), POST /admin/volunteers/{id}/merge
 * (a guest's name ledger into the person), POST /admin/volunteers/{id}/teams (attach to a team in
 * person, no invitation), PUT /admin/volunteers/{id}/phone (a new phone; their sessions end),
 * PUT /admin/volunteers/{id}/home (another home community, by an admin over both), GET /admin/volunteer-stats (registrations by month),
 * GET /admin/volunteer-records.csv (the period's service records, for the volunteer information system).
 */
import { serviceRecordsCsv, serviceRecordsFileName } from '#shared/http/service-records-csv';
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import {
  attachToTeam,
  changeVolunteerPhone,
  findVolunteerByPhone,
  mergeGuestLedger,
  registerVolunteer,
  volunteerDetail,
  volunteerStatistics,
} from '#shared/use-cases/volunteers';
import { serviceRecords } from '#shared/use-cases/service-records';
import { moveVolunteerHome } from '#shared/use-cases/volunteer-move';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('admin-volunteers', {
  ...table.requestViews,
  teams: table.teams,
  signingKeys: table.signingKeys,
  credits: table.credits,
  volunteers: table.volunteers,
});
const deps = { ...tables, clock };

export const routes = routeTable('admin-volunteers', {
  'POST /admin/volunteers': async (request) => {
    const staff = request.staff();
    const volunteer = await registerVolunteer(deps, staff, request.body);
    logger.info('volunteer registered', { volunteerId: volunteer.id, areaId: volunteer.homeAreaId, staff: staff.id });
    return { status: 201, json: volunteer };
  },
  'GET /admin/volunteers': async (request) => ({
    status: 200,
    json: await findVolunteerByPhone(deps, request.staff(), request.query.phone),
  }),
  'GET /admin/volunteers/{id}': async (request) => ({
    status: 200,
    json: await volunteerDetail(deps, request.staff(), request.pathParameters.id ?? ''),
  }),
  'GET /admin/volunteer-stats': async (request) => ({
    status: 200,
    json: await volunteerStatistics(deps, request.staff(), request.query),
  }),
  'GET /admin/volunteer-records.csv': async (request) => {
    const staff = request.staff();
    const data = await serviceRecords(deps, staff, request.query);
    logger.info('service records exported', { area: data.area, from: data.from, to: data.to, rows: data.records.length, staff: staff.id });
    const headers = {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${serviceRecordsFileName(data)}"`,
    };
    return { status: 200, html: serviceRecordsCsv(data.records), headers };
  },
  'POST /admin/volunteers/{id}/merge': async (request) => {
    const staff = request.staff();
    const id = request.pathParameters.id ?? '';
    const merged = await mergeGuestLedger(deps, staff, id, request.body);
    logger.info('guest ledger merged', { volunteerId: id, moved: merged.moved, staff: staff.id });
    return { status: 200, json: merged };
  },
  'PUT /admin/volunteers/{id}/phone': async (request) => {
    const staff = request.staff();
    const { reason, ...person } = await changeVolunteerPhone(deps, staff, request.pathParameters.id ?? '', request.body);
    // Ids and the reason's word only: never a phone.
    logger.info('volunteer phone changed', { volunteerId: person.id, changed: person.changed, reason, staff: staff.id });
    return { status: 200, json: person };
  },
  'PUT /admin/volunteers/{id}/home': async (request) => {
    const staff = request.staff();
    const moved = await moveVolunteerHome(deps, staff, request.pathParameters.id ?? '', request.body);
    // Ids and area codes only: never the reason, which may name someone.
    logger.info('volunteer home moved', {
      volunteerId: moved.id,
      from: moved.from,
      to: moved.homeAreaId,
      moved: moved.moved,
      staff: staff.id,
    });
    return { status: 200, json: moved };
  },
  'POST /admin/volunteers/{id}/teams': async (request) => {
    const staff = request.staff();
    const attached = await attachToTeam(deps, staff, request.pathParameters.id ?? '', request.body);
    logger.info('volunteer attached to a team', { volunteerId: attached.volunteerId, teamId: attached.teamId, staff: staff.id });
    return { status: 200, json: attached };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
