/**
 * What a team does with its API token: prove who it is, list its open offers and accepted
 * orders, and report an order complete. A wrong or unknown token is a 401 and shows nothing.
 */
import { UnauthorizedError, NotFoundError, ConflictError, ValidationError, type FieldIssue } from '#shared/domain/errors';
import { complete, type CompletionReport, type NamedHours } from '#shared/domain/completion';
import { ledgerKeyOf } from '#shared/domain/credit';
import { sameHours } from '#shared/domain/staff-hours';
import { parseTeamToken, teamTokenMatches } from '#shared/domain/team-token';
import { lineage } from '#shared/domain/area';
import type { LocalizedText } from '#shared/domain/catalog';
import type { ServiceRequest } from '#shared/domain/service-request';
import { MAX_TEAM_CAPACITY } from '#shared/domain/team';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { sameName } from '#shared/domain/volunteer';
import type { DispatchDeps } from './dispatch-request';
import { withCreditRules } from './credit-rules-snapshot';
import { offerWaitingTo } from './offer-waiting';
import { teamView, type TeamOfferView, type ViewDeps } from './team-offer';

export async function authenticateTeam(teams: Pick<TeamRepository, 'tokenHash'>, authorization: string | undefined): Promise<string> {
  const claimed = parseTeamToken(authorization);
  if (!claimed || !teamTokenMatches(claimed.secret, await teams.tokenHash(claimed.teamId))) throw new UnauthorizedError();
  return claimed.teamId;
}

/** A team holds no more open offers or orders than its capacity: the whole list, never a first page of it. */
const LIST_LIMIT = MAX_TEAM_CAPACITY;

/** Who a signed-in team is, as its console names it: its id and its name in both languages. */
export async function teamIdentity(
  deps: { readonly teams: Pick<TeamRepository, 'get'> },
  teamId: string,
): Promise<{ id: string; name: LocalizedText }> {
  const team = await deps.teams.get(teamId);
  return { id: teamId, name: team?.name ?? { zh: teamId, en: teamId } };
}

export async function teamWork(deps: ViewDeps, teamId: string, kind: 'offers' | 'orders'): Promise<TeamOfferView[]> {
  const status = kind === 'offers' ? 'OFFERED' : 'ACCEPTED';
  const requests = await deps.requests.openForTeam(teamId, status, LIST_LIMIT);
  // Hundreds of orders share a few services and areas: each is read once for the whole list, the areas in one batch.
  const once = <T>(read: (id: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>();
    return (id: string) => seen.get(id) ?? (seen.set(id, read(id)), seen.get(id)!);
  };
  const areaIds = [...new Set(requests.flatMap((r) => lineage(r.areaId).slice(0, 3)))];
  const areas = new Map((await deps.areas.getMany(areaIds)).map((a, i) => [areaIds[i]!, a]));
  const reads = {
    catalog: {
      editedService: once((code) => deps.catalog.editedService(code)),
      earlierForms: once((code) => deps.catalog.earlierForms(code)),
    },
    areas: {
      getMany: async (ids: readonly string[]) =>
        ids.every((id) => areas.has(id)) ? ids.map((id) => areas.get(id)) : deps.areas.getMany(ids),
    },
  };
  return Promise.all(requests.map((r) => teamView(reads, r, kind === 'offers' ? 'open' : 'accepted', deps.clock.now())));
}

/**
 * The accepting team reports the order done: COMPLETED, and its capacity comes back once. A twin
 * of a report already taken (a retry whose first answer was lost, a double tap) is answered as
 * the first was; anything else on an order no longer accepted is a 409, before its rows are read.
 * A write that lost to a change keeping the order this team's and ACCEPTED (a claim reminder, a
 * staff edit) is a 409 to reload and send again: nothing was completed.
 */
export async function completeRequest(
  deps: DispatchDeps & { readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get'>; readonly credits: Pick<CreditLedger, 'rules'> },
  requestId: string,
  teamId: string,
  report: CompletionReport,
): Promise<ServiceRequest> {
  const request = await deps.requests.get(requestId);
  // Another team's order, or none: nothing to see here.
  if (!request || request.assignedTeam?.id !== teamId) throw new NotFoundError('Order');
  if (request.status !== 'ACCEPTED') return completedAlready(deps, request, teamId, report);
  const hours = await namedHours(deps, teamId, report.hours);
  const { after, event } = await withCreditRules(deps, complete(request, teamId, deps.clock.now(), { ...report, hours }));
  const outcome = await deps.requests.releaseOffer({ before: request, after, event, teamId });
  if (outcome === 'request-changed') {
    const now = (await deps.requests.get(requestId)) ?? request;
    if (now.status === 'ACCEPTED' && now.assignedTeam?.id === teamId) throw new ConflictError(CHANGED);
    return completedAlready(deps, now, teamId, report);
  }
  await offerWaitingTo(deps, teamId).catch(() => undefined);
  return after;
}

const NOT_ACCEPTED = 'Only the team that accepted this request can complete it, once';
const CHANGED = 'The order changed in the meantime; reload and try again';
const SHARED_NAME = 'More than one member of the team goes by this name: give the volunteer number';

/** The request as it is when it holds this very report, completed by this team (a twin came first); else 409. */
async function completedAlready(
  deps: { readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get'> },
  request: ServiceRequest,
  teamId: string,
  report: CompletionReport,
): Promise<ServiceRequest> {
  const done = request.status === 'COMPLETED' && request.assignedTeam?.id === teamId ? request.completion : undefined;
  if (!done || (report.note || undefined) !== done.note || report.hours.length !== done.hours.length) throw new ConflictError(NOT_ACCEPTED);
  const hours = await namedHours(deps, teamId, report.hours).catch(() => undefined);
  if (hours && sameHours(done.hours, hours)) return request;
  throw new ConflictError(NOT_ACCEPTED);
}

/**
 * Each record named: a member by id (only the team's own members: anyone else is refused naming
 * the row), or by text that is exactly one member's id, volunteer number (编号, any case) or
 * registered name (the offer page's form has no member picker, and asks for a name or number);
 * text that fits several members (two named 王芳) is refused naming the row, asking for the
 * number; any other text is a guest's name. One row per person: a second row of the same ledger (a member
 * by id and by name, a guest twice) is refused naming it, as an hours correction does, so the
 * minutes are reported once in all and credited as one service.
 */
export async function namedHours(
  deps: { readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get'> },
  teamId: string,
  records: CompletionReport['hours'],
): Promise<NamedHours> {
  const memberships = await deps.volunteers.members(teamId);
  const people = (await Promise.all(memberships.map((m) => deps.volunteers.get(m.volunteerId)))).filter((p) => p !== undefined);
  const byId = new Map(people.map((p) => [p.id, p]));
  const byText = (text: string) => {
    const number = text.toUpperCase();
    return people.filter((p) => p.id === text || p.volunteerNumber?.toUpperCase() === number || sameName(p.name, text));
  };
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const named = records.map((r, i) => {
    const field = r.volunteerId ? `hours.${i}.volunteerId` : `hours.${i}.volunteer`;
    const matches = r.volunteerId ? [] : byText(r.volunteer ?? '');
    const person = r.volunteerId ? byId.get(r.volunteerId) : matches.length === 1 ? matches[0] : undefined;
    if ((r.volunteerId && !person) || matches.length > 1) {
      issues.push({ field, message: r.volunteerId ? 'Not a member of this team' : SHARED_NAME });
      return { volunteer: '', minutes: r.minutes };
    }
    const record = person
      ? { volunteer: person.name, volunteerId: person.id, minutes: r.minutes }
      : { volunteer: r.volunteer ?? '', minutes: r.minutes };
    const key = ledgerKeyOf(teamId, record);
    if (seen.has(key)) issues.push({ field, message: 'Listed twice' });
    seen.add(key);
    return record;
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return named;
}
