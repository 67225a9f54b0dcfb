/**
 * The center's and stations' work on requests (issue 5): the list with filters and overdue
 * flags, a request's detail with its timeline and dispatch candidates, and the actions —
 * dispatch by hand (the same capacity rule as automatic dispatch), reject with a reason the
 * resident sees, cancel. Station staff see and act only within their area; anything else is 404.
 */
import * as z from '#shared/domain/zod';
import { cancelByStaff, isOverdue, offerByHand, reject, takeBack } from '#shared/domain/admin-actions';
import { areaId, isWithin } from '#shared/domain/area';
import { attributeAnswers, type AttributeAnswer } from '#shared/domain/attributes';
import { maskName, maskPhone } from '#shared/domain/contact';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { capacityHolder } from '#shared/domain/offer-lifecycle';
import { requestStatuses } from '#shared/domain/request-state';
import { parseRating } from '#shared/domain/resident-feedback';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { monthsBetween } from '#shared/domain/stats-calendar';
import { calendarDay, parseOrThrow, plainText } from '#shared/domain/validation';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type { ListedRequest } from '#shared/ports/request-repository';
import type { Transition } from '#shared/domain/offer-lifecycle';
import type { DispatchDeps } from './dispatch-request';
import { districtsHolding } from './districts';
import { candidatesByHand, manualDispatchCandidates, type ManualCandidate } from './manual-dispatch-candidates';
import { offerWaitingTo } from './offer-waiting';
import { recordRating, recordReopening } from './resident-feedback';
import { parseOrder, submitRequest, type SubmitRequestDeps, type SubmitRequestResult } from './submit-request';

export interface AdminRequestDeps extends DispatchDeps {
  readonly areas: AreaRepository;
}

const DAY_MS = 86_400_000;
const isoDate = calendarDay();

/** A place in the list: a request's `createdAt` and id, as `next` gives it. */
const LIST_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z_[0-9a-z]{1,64}$/;

export const requestListQuery = z.strictObject({
  status: z.optional(z.enum(requestStatuses)),
  area: z.optional(areaId),
  service: z.optional(z.string().check(z.maxLength(60))),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  overdue: z.optional(z.enum(['true', 'false'])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  /** `newest` first (the default), or `oldest` first: the longest waiting, as an overdue list is worked. */
  order: z._default(z.enum(['newest', 'oldest']), 'newest'),
  /** The page after this one: the `next` of the page before (the last request's time and id). */
  after: z.optional(z.string().check(z.regex(LIST_CURSOR, 'The `next` of the page before'))),
});

export interface RequestListItem {
  readonly id: string;
  readonly trackingCode: string;
  readonly serviceCode: string;
  readonly areaId: string;
  readonly status: ServiceRequest['status'];
  readonly urgency: ServiceRequest['urgency'];
  readonly channel: ServiceRequest['channel'];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly team?: string;
  readonly resident: { readonly name: string; readonly phone: string };
  readonly overdue: boolean;
}

export async function listRequests(
  deps: AdminRequestDeps,
  staff: Staff,
  rawQuery: unknown,
): Promise<{ requests: RequestListItem[]; truncated: boolean; next?: string }> {
  const query = parseOrThrow(requestListQuery, rawQuery);
  const now = deps.clock.now();
  const to = query.to ?? orderDay(now);
  const from = query.from ?? orderDay(new Date(now.getTime() - 30 * DAY_MS));
  if (from > to) throw new ValidationError([{ field: 'from', message: 'Must not be after `to`' }]);
  if (monthsBetween(from, to).length > 12) throw new ValidationError([{ field: 'from', message: 'At most twelve months at once' }]);
  const area = query.area ?? staff.areaId;
  if (area !== undefined) assertInScope(staff, area, 'Area');
  const districts = await districtsHolding(deps.areas, area);
  // An area within a district narrows that district's list to its own prefix.
  const prefix = (district: string) => (area && isWithin(area, district) ? area : district);
  const batches = await Promise.all(
    monthsBetween(from, to).flatMap((month) => districts.map((d) => deps.requests.listCreated(d, month, prefix(d)))),
  );
  const { services } = await deps.catalog.menu();
  const sla = new Map(services.map((s) => [s.code, s]));
  const direction = query.order === 'oldest' ? 1 : -1;
  const [start, end] = [Date.parse(`${from}T00:00:00+08:00`), Date.parse(`${to}T00:00:00+08:00`) + DAY_MS];
  const matching = batches
    .flat()
    .filter((r) => !area || isWithin(r.areaId, area))
    .filter((r) => Date.parse(r.createdAt) >= start && Date.parse(r.createdAt) < end)
    .filter((r) => !query.status || r.status === query.status)
    .filter((r) => !query.service || r.serviceCode === query.service)
    .map((r) => ({ r, overdue: isOverdue(r, sla.get(r.serviceCode), now) }))
    .filter(({ overdue }) => query.overdue === undefined || overdue === (query.overdue === 'true'))
    .sort((a, b) => direction * compare(listPlace(a.r), listPlace(b.r)))
    .filter(({ r }) => query.after === undefined || direction * compare(listPlace(r), query.after) > 0);
  const page = matching.slice(0, query.limit);
  const truncated = matching.length > query.limit;
  return {
    requests: page.map(({ r, overdue }) => listItem(r, overdue)),
    truncated,
    ...(truncated ? { next: listPlace(page.at(-1)!.r) } : {}),
  };
}

/** Where a request stands in the list: by its creation (ISO, all of one length), then its id (two in the same millisecond). */
function listPlace(r: Pick<ServiceRequest, 'createdAt' | 'id'>): string {
  return `${r.createdAt}_${r.id}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function orderDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function listItem(r: ListedRequest, overdue: boolean): RequestListItem {
  const team = r.assignedTeam?.name ?? r.offer?.teamName;
  return {
    id: r.id,
    trackingCode: r.trackingCode,
    serviceCode: r.serviceCode,
    areaId: r.areaId,
    status: r.status,
    urgency: r.urgency,
    channel: r.channel,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(team ? { team } : {}),
    resident: { name: maskName(r.contact.name), phone: maskPhone(r.contact.phone) },
    overdue,
  };
}

export interface RequestDetail {
  readonly request: Omit<ServiceRequest, 'accessTokenHash' | 'detailsApart'>;
  /** The request's attributes as its service's form asked them (labels and answers in both languages). */
  readonly answers: readonly AttributeAnswer[];
  readonly timeline: readonly TimelineEvent[];
  readonly overdue: boolean;
  /** For an escalated request: the teams it may be dispatched to by hand, best first. */
  readonly candidates?: ReadonlyArray<{
    teamId: string;
    name: string;
    free: number;
    capacity: number;
    reason: ManualCandidate['reason'];
    widened: boolean;
    declinedBefore: boolean;
  }>;
}

async function inScopeRequest(deps: AdminRequestDeps, staff: Staff, id: string): Promise<ServiceRequest> {
  const request = await deps.requests.get(id);
  if (!request) throw new NotFoundError('Request');
  assertInScope(staff, request.areaId, 'Request');
  return request;
}

/** Staff see the full contact: they phone residents and order on their behalf. */
export async function requestDetail(deps: AdminRequestDeps, staff: Staff, id: string): Promise<RequestDetail> {
  await inScopeRequest(deps, staff, id);
  const found = (await deps.requests.getWithTimeline(id))!;
  const { accessTokenHash: _hash, detailsApart: _storage, ...request } = found.request;
  const service = await deps.catalog.getService(request.serviceCode);
  const candidates =
    request.status === 'ESCALATED'
      ? (await manualDispatchCandidates(deps, id)).map((c) => ({
          teamId: c.team.id,
          name: c.team.name.zh,
          free: c.team.capacity - c.team.active,
          capacity: c.team.capacity,
          reason: c.reason,
          widened: c.widened,
          declinedBefore: c.declinedBefore,
        }))
      : undefined;
  return {
    request,
    answers: attributeAnswers(service?.fields ?? [], request.attributes),
    timeline: found.timeline,
    overdue: isOverdue(found.request, service, deps.clock.now()),
    ...(candidates ? { candidates } : {}),
  };
}

const dispatchInput = z.strictObject({
  teamId: z.string().check(z.minLength(1), z.maxLength(60)),
  note: z.optional(plainText({ multiline: true }).check(z.trim(), z.maxLength(500))),
});
const reasonInput = z.strictObject({ reason: plainText({ multiline: true }).check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)) });
const reassignInput = z.strictObject({
  teamId: z.string().check(z.minLength(1), z.maxLength(60)),
  reason: plainText({ multiline: true }).check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
});

/**
 * Gives an offered or accepted request to another team: the holder gets its capacity back and
 * is told; then the chosen team is offered it by hand. Both teams are checked first; should the
 * chosen one fill up in between, the request waits and automatic dispatch takes it (409 says so).
 */
export async function reassign(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseOrThrow(reassignInput, body);
  const request = await inScopeRequest(deps, staff, id);
  const holder = capacityHolder(request);
  if (!holder) throw new ConflictError(`Only an offered or accepted request can be reassigned; this one is ${request.status}`);
  if (holder === input.teamId) throw new ValidationError([{ field: 'teamId', message: 'The request is already with this team' }]);
  const chosen = (await candidatesByHand(deps, request)).find((c) => c.team.id === input.teamId);
  if (!chosen) throw new ValidationError([{ field: 'teamId', message: 'Not a team with free capacity this request can go to' }]);
  const service = await deps.catalog.getService(request.serviceCode);
  const released = takeBack(request, staff, input.reason, deps.clock.now(), service);
  if ((await deps.requests.releaseOffer({ before: request, ...released, teamId: holder })) === 'request-changed') {
    throw new ConflictError('The request changed in the meantime; reload and try again');
  }
  const { after, event } = offerByHand(released.after, chosen, staff, deps.clock.now(), input.reason, service);
  const outcome = await deps.requests.reserveOffer({ before: released.after, after, event, teamId: chosen.team.id });
  // The old team's freed unit goes to a request waiting for it (never this one: it is excluded), best effort as on any release.
  await offerWaitingTo(deps, holder).catch(() => undefined);
  if (outcome === 'team-unavailable')
    throw new ConflictError('Taken back, but the chosen team filled up meanwhile; it waits for automatic dispatch');
  if (outcome === 'request-changed')
    throw new ConflictError(
      'Taken back, but it changed meanwhile (automatic dispatch may have offered it already); reload to see where it is',
    );
  return after;
}

export async function dispatchByHand(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseOrThrow(dispatchInput, body);
  const request = await inScopeRequest(deps, staff, id);
  const chosen = (await manualDispatchCandidates(deps, id)).find((c) => c.team.id === input.teamId);
  if (!chosen) {
    const team = await deps.teams.get(input.teamId);
    if (team && (team.paused || team.active >= team.capacity))
      throw new ConflictError('That team is full or paused right now; choose another');
    throw new ValidationError([{ field: 'teamId', message: 'Not a team this request can be dispatched to' }]);
  }
  const { after, event } = offerByHand(
    request,
    chosen,
    staff,
    deps.clock.now(),
    input.note,
    await deps.catalog.getService(request.serviceCode),
  );
  const outcome = await deps.requests.reserveOffer({ before: request, after, event, teamId: chosen.team.id });
  if (outcome === 'team-unavailable') throw new ConflictError('That team is full or paused right now; choose another');
  if (outcome === 'request-changed') throw new ConflictError('The request changed in the meantime; reload and try again');
  return after;
}

export async function rejectRequest(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const { reason } = parseOrThrow(reasonInput, body);
  const request = await inScopeRequest(deps, staff, id);
  return store(deps, request, reject(request, staff, reason, deps.clock.now()));
}

export async function cancelByAdmin(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const { reason } = parseOrThrow(reasonInput, body);
  const request = await inScopeRequest(deps, staff, id);
  return store(deps, request, cancelByStaff(request, staff, reason, deps.clock.now()));
}

/**
 * 回访: staff record the resident's word, given on a callback or a call to the station, for a
 * request they ordered for the resident (代点单, channel `proxy`): the rating, which closes the
 * request (the sweep posts the credits within a minute), or that the problem is back. A resident
 * who ordered themselves has their own link, and their word is theirs to give (409).
 */
export async function rateForResident(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseRating(body);
  return recordRating(deps, orderedByStaff(await inScopeRequest(deps, staff, id)), input, { staffId: staff.id, staffName: staff.name });
}

export async function reopenForResident(
  deps: AdminRequestDeps & { publisher: QueuePublisher },
  staff: Staff,
  id: string,
): Promise<ServiceRequest> {
  return recordReopening(deps, orderedByStaff(await inScopeRequest(deps, staff, id)), { staffId: staff.id, staffName: staff.name });
}

function orderedByStaff(request: ServiceRequest): ServiceRequest {
  if (request.channel !== 'proxy') {
    throw new ConflictError(
      'Staff record a rating or reopening only for a request staff ordered for the resident (代点单); ' +
        'this resident ordered it themselves and rates or reopens it through their own link',
    );
  }
  return request;
}

/**
 * 代点单: station staff order for a resident who phoned or came by. Recorded as `proxy` with the
 * staff member in the timeline; within their own area only.
 */
export async function orderForResident(
  deps: SubmitRequestDeps,
  staff: Staff,
  body: unknown,
  idempotencyKey?: string,
): Promise<SubmitRequestResult> {
  const submission = await parseOrder(deps, body);
  assertInScope(staff, submission.areaId, 'Area');
  return submitRequest(deps, { submission, channel: 'proxy', proxiedBy: staff.name, ...(idempotencyKey ? { idempotencyKey } : {}) });
}

/** Writes a change that may free a team's capacity; that team is then offered waiting requests. */
async function store(deps: AdminRequestDeps, request: ServiceRequest, { after, event }: Transition): Promise<ServiceRequest> {
  const teamId = capacityHolder(request);
  if (!teamId) {
    await deps.requests.changeStatus({ before: request, after, event });
    return after;
  }
  if ((await deps.requests.releaseOffer({ before: request, after, event, teamId })) === 'request-changed') {
    throw new ConflictError('The request changed in the meantime; reload and try again');
  }
  await offerWaitingTo(deps, teamId).catch(() => undefined);
  return after;
}
