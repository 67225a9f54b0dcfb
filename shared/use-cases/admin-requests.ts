/**
 * The center's and stations' work on requests (issue 5): the list (`admin-request-list.ts`), a
 * request's detail with its timeline and dispatch candidates, and the actions —
 * dispatch by hand (the same capacity rule as automatic dispatch), reject with a reason the
 * resident sees, cancel. Station staff see and act only within their area; anything else is 404.
 */
import * as z from '#shared/domain/zod';
import { isWithin } from '#shared/domain/area';
import { cancelByStaff, isOverdue, offerByHand, reject, takeBack } from '#shared/domain/admin-actions';
import { attributeAnswers, type AttributeAnswer } from '#shared/domain/attributes';
import { matchingMode } from '#shared/domain/catalog';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { capacityHolder } from '#shared/domain/offer-lifecycle';
import { parseRating } from '#shared/domain/resident-feedback';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { assertInScope, inScope, type Staff } from '#shared/domain/staff';
import { parseOrThrow, plainText } from '#shared/domain/validation';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type { Transition } from '#shared/domain/offer-lifecycle';
import { dispatchRequest, type DispatchDeps } from './dispatch-request';
import { candidatesByHand, manualDispatchCandidates, type ManualCandidate } from './manual-dispatch-candidates';
import { offerWaitingTo } from './offer-waiting';
import { recordRating, recordReopening } from './resident-feedback';
import { requestedService } from './service-as-ordered';
import { parseOrder, submitRequest, type SubmitRequestDeps, type SubmitRequestResult } from './submit-request';

export interface AdminRequestDeps extends DispatchDeps {
  readonly areas: AreaRepository;
}

export { listRequests, requestListQuery, type RequestListItem } from './admin-request-list';

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
  const { today: service, ordered } = await requestedService(deps.catalog, request);
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
    answers: attributeAnswers(ordered.fields, request.attributes),
    timeline: found.timeline,
    overdue: isOverdue(found.request, service, deps.clock.now()),
    ...(candidates ? { candidates } : {}),
  };
}

/** The request's `version` as the staff member's page showed it: the action is refused (409) when it has changed since. */
const versionSeen = z.int({ error: 'The version of the request as you loaded it (GET /admin/requests/{id})' }).check(z.gte(1));
/**
 * The team chosen: blank (spaces, a zero-width space) is refused (400) before the request's state
 * is looked at; any other id not among its candidates, after (400, or 409 when it moved on).
 */
const teamIdInput = plainText().check(z.trim(), z.minLength(1, 'Choose a team'), z.maxLength(60));
const dispatchInput = z.strictObject({
  teamId: teamIdInput,
  note: z.optional(plainText({ multiline: true }).check(z.trim(), z.maxLength(500))),
  version: versionSeen,
});
const reasonInput = z.strictObject({
  reason: plainText({ multiline: true }).check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
  version: versionSeen,
});
/** Reassigning is in the API only (no console form): `version` is optional, checked when given. */
const reassignInput = z.strictObject({
  teamId: teamIdInput,
  reason: plainText({ multiline: true }).check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
  version: z.optional(versionSeen),
});

/** The request, if it is still at the version the staff member saw (any version when none is given). */
function asSeen(request: ServiceRequest, version: number | undefined): ServiceRequest {
  if (version === undefined || request.version === version) return request;
  throw new ConflictError(`The request changed since you loaded it (it is ${request.status} now); load it again and decide on that`);
}

/**
 * Gives an offered or accepted request to another team: the holder gets its capacity back and
 * is told; then the chosen team is offered it by hand. Both teams are checked first; should the
 * chosen one fill up in between, the request waits and automatic dispatch takes it (409 says so).
 */
export async function reassign(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseOrThrow(reassignInput, body);
  const request = asSeen(await inScopeRequest(deps, staff, id), input.version);
  const holder = capacityHolder(request);
  if (!holder) throw new ConflictError(`Only an offered or accepted request can be reassigned; this one is ${request.status}`);
  if (holder === input.teamId) throw new ValidationError([{ field: 'teamId', message: 'The request is already with this team' }]);
  const chosen = (await candidatesByHand(deps, request)).find((c) => c.team.id === input.teamId);
  if (!chosen) throw new ValidationError([{ field: 'teamId', message: 'Not a team with free capacity this request can go to' }]);
  const service = await deps.catalog.getService(request.serviceCode);
  const released = takeBack(request, staff, input.reason, deps.clock.now());
  if ((await deps.requests.releaseOffer({ before: request, ...released, teamId: holder })) === 'request-changed') {
    throw new ConflictError('The request changed in the meantime; reload and try again');
  }
  const { after, event } = offerByHand(released.after, chosen, staff, deps.clock.now(), input.reason, service);
  const outcome = await deps.requests.reserveOffer({ before: released.after, after, event, teamId: chosen.team.id });
  // The old team's freed unit goes to a request waiting for it (never this one: it is excluded), best effort as on any release.
  await offerWaitingTo(deps, holder).catch(() => undefined);
  if (outcome === 'team-unavailable') {
    // Automatic dispatch takes it now (else the next sweep: it is due at once); a wish it sends to its station's review.
    await dispatchRequest(deps, { requestId: id, version: released.after.version }).catch(() => undefined);
    throw new ConflictError(
      matchingMode(service) === 'claim'
        ? "Taken back, but the chosen team filled up meanwhile; the wish goes back to its station's review, to be published again"
        : 'Taken back, but the chosen team filled up meanwhile; it waits for automatic dispatch',
    );
  }
  if (outcome === 'request-changed')
    throw new ConflictError(
      'Taken back, but it changed meanwhile (automatic dispatch may have offered it already); reload to see where it is',
    );
  return after;
}

export async function dispatchByHand(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseOrThrow(dispatchInput, body);
  const request = asSeen(await inScopeRequest(deps, staff, id), input.version);
  const chosen = (await manualDispatchCandidates(deps, id)).find((c) => c.team.id === input.teamId);
  if (!chosen) {
    const team = await deps.teams.get(input.teamId);
    // Paused or full is said only of a team the caller may know of: stationed in their area, or serving the request's.
    const known = team && (inScope(staff, team.stationAreaId) || isWithin(request.areaId, team.servesAreaId));
    if (known && (team.paused || team.active >= team.capacity))
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
  const { reason, version } = parseOrThrow(reasonInput, body);
  const request = asSeen(await inScopeRequest(deps, staff, id), version);
  return store(deps, request, reject(request, staff, reason, deps.clock.now()));
}

export async function cancelByAdmin(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const { reason, version } = parseOrThrow(reasonInput, body);
  const request = asSeen(await inScopeRequest(deps, staff, id), version);
  return store(deps, request, cancelByStaff(request, staff, reason, deps.clock.now()));
}

/**
 * 回访: staff record the resident's word, given on a callback or a call to the station, for any
 * request in their scope (the resident who ordered on the web may have lost their link, and the
 * lookup page and the completed SMS send them to the station): the rating, which closes the
 * request (the sweep posts the credits within a minute), or that the problem is back. The rating's
 * `by` and the timeline's "回访代录" name the staff member; the resident's own link still works,
 * and whichever of the two comes first wins (the write is conditional: the other gets 409; a
 * resident's reopen after staff's is told it is done, `reopenRequest`).
 */
export async function rateForResident(deps: AdminRequestDeps, staff: Staff, id: string, body: unknown): Promise<ServiceRequest> {
  const input = parseRating(body);
  return recordRating(deps, await inScopeRequest(deps, staff, id), input, { staffId: staff.id, staffName: staff.name });
}

export async function reopenForResident(
  deps: AdminRequestDeps & { publisher: QueuePublisher },
  staff: Staff,
  id: string,
): Promise<ServiceRequest> {
  return recordReopening(deps, await inScopeRequest(deps, staff, id), { staffId: staff.id, staffName: staff.name });
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
