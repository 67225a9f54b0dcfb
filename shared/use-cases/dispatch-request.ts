/**
 * 派单, the consumer side of the dispatch queue: offer the request to the best team with free
 * capacity, or park it as WAITING. Idempotent on the request: every write is conditional on
 * the request's status and version, so a duplicate or late delivery changes nothing, and the
 * capacity condition on the team holds under any concurrency.
 */
import * as z from '#shared/domain/zod';
import { IllegalTransitionError } from '#shared/domain/errors';
import { lineage } from '#shared/domain/area';
import { matchingMode, type Service } from '#shared/domain/catalog';
import { excludedAt, prospects } from '#shared/domain/exclusion';
import { rankCandidates } from '#shared/domain/matching';
import { escalate, offerTo, park, toReview } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import { servicesHandledBy, type TeamLoad } from '#shared/domain/team';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { Clock } from '#shared/ports/clock';
import type { RequestRepository } from '#shared/ports/request-repository';
import { parseJsonOrThrow } from '#shared/domain/validation';
import type { Outbox } from '#shared/ports/outbox';
import { dispatchMessageId } from './submit-request';

export const dispatchMessageBody = z.strictObject({
  requestId: z.string().check(z.minLength(1), z.maxLength(64)),
  version: z.int().check(z.positive()),
});
export type DispatchMessageBody = z.infer<typeof dispatchMessageBody>;

export interface DispatchDeps {
  readonly requests: RequestRepository;
  readonly outbox: Outbox;
  readonly teams: TeamRepository;
  readonly catalog: CatalogRepository;
  readonly clock: Clock;
}

export type DispatchOutcome =
  | { readonly kind: 'offered'; readonly request: ServiceRequest }
  | { readonly kind: 'waiting'; readonly request: ServiceRequest }
  /** A claim-mode service (a micro-wish): to its station's review for the wish wall, never offered. */
  | { readonly kind: 'review'; readonly request: ServiceRequest }
  /** No team serving its area could ever take it (`prospects`): to the center at once. */
  | { readonly kind: 'escalated'; readonly request: ServiceRequest }
  | { readonly kind: 'skipped'; readonly reason: 'not-found' | 'already-handled' };

/**
 * A team read from its own item just now (not through the coverage index), with the services it
 * handles: `offerWaitingTo` passes it, since the index lags a team's write (its creation, a
 * change of its area or services) by up to a second in AWS and would not name it yet.
 */
export interface FreshTeam {
  readonly team: TeamLoad;
  readonly handles: ReadonlySet<string>;
}

export function parseDispatchMessage(body: string): DispatchMessageBody {
  return parseJsonOrThrow(dispatchMessageBody, body);
}

const dispatchable = new Set(['SUBMITTED', 'WAITING']);

export async function dispatchRequest(deps: DispatchDeps, message: DispatchMessageBody, fresh?: FreshTeam): Promise<DispatchOutcome> {
  const messageId = dispatchMessageId(message.requestId, message.version);
  const request = await deps.requests.get(message.requestId);
  if (!request) return { kind: 'skipped', reason: 'not-found' };
  if (!dispatchable.has(request.status)) return settleSkipped(deps, request, messageId);

  const service = await deps.catalog.getService(request.serviceCode);
  const now = deps.clock.now();
  if (matchingMode(service) === 'claim') return sendToReview(deps, request, now, messageId);
  const teams = await servingTeams(deps, request, fresh, service);
  for (const candidate of rankCandidates(request, teams, now, excludedAt(request, now))) {
    const { after, event } = offerTo(request, candidate, now, service);
    // On the team as judged, while it still handles the service: one moved or given other services since is refused.
    const outcome = await deps.requests.reserveOffer({
      before: request,
      after,
      event,
      teamId: candidate.team.id,
      teamVersion: candidate.team.version,
      settles: [messageId],
    });
    if (outcome === 'offered') return { kind: 'offered', request: after };
    if (outcome === 'request-changed') return settleSkipped(deps, request, messageId);
    // team-unavailable: it filled up, paused or changed since we read it; try the next one.
  }
  const noTeam = prospects(request, teams, now) === 'none';
  if (request.status === 'WAITING' && !noTeam) {
    await deps.outbox.remove(request.id, messageId);
    return { kind: 'waiting', request };
  }
  const { after, event } = noTeam ? escalate(request, now, service, 'no-team') : park(request, now, service);
  try {
    await deps.requests.changeStatus({ before: request, after, event, settles: [messageId] });
    return {
      kind: noTeam && after.status === 'ESCALATED' ? 'escalated' : after.status === 'REVIEW' ? 'review' : 'waiting',
      request: after,
    };
  } catch (error) {
    // Another delivery of the same message got there first.
    if (error instanceof IllegalTransitionError) return settleSkipped(deps, request, messageId);
    throw error;
  }
}

/**
 * The teams the coverage index names for the request, less any whose own item no longer serves
 * its area or (given the `service`) no longer lists it or its category (the index lags a change,
 * and a change can land between the index query and the read of the items), plus `fresh` when
 * the index does not name it yet but it handles the request's service and serves its area; a
 * team named by both is taken as loaded from the index, read later. Whether each takes work now
 * is `rankCandidates`'s to judge, and whether any could ever take it `prospects`'s.
 */
export async function servingTeams(
  deps: Pick<DispatchDeps, 'teams'>,
  request: ServiceRequest,
  fresh?: FreshTeam,
  service?: Pick<Service, 'code' | 'category'>,
): Promise<TeamLoad[]> {
  const areaIds = lineage(request.areaId);
  const handles = (team: TeamLoad) => !service || servicesHandledBy(team, [service]).includes(request.serviceCode);
  const serves = (team: TeamLoad) => areaIds.includes(team.servesAreaId) && handles(team);
  const listed = (await deps.teams.candidates(request.serviceCode, areaIds)).filter(serves);
  if (!fresh?.handles.has(request.serviceCode) || !serves(fresh.team)) return listed;
  return listed.some((t) => t.id === fresh.team.id) ? listed : [...listed, fresh.team];
}

async function sendToReview(deps: DispatchDeps, request: ServiceRequest, now: Date, messageId: string): Promise<DispatchOutcome> {
  const { after, event } = toReview(request, now, 'claim-mode');
  try {
    await deps.requests.changeStatus({ before: request, after, event, settles: [messageId] });
    return { kind: 'review', request: after };
  } catch (error) {
    if (error instanceof IllegalTransitionError) return settleSkipped(deps, request, messageId);
    throw error;
  }
}

/** Acted on already (an earlier copy of this message, or another path): settle the message. */
async function settleSkipped(deps: DispatchDeps, request: ServiceRequest, messageId: string): Promise<DispatchOutcome> {
  await deps.outbox.remove(request.id, messageId);
  return { kind: 'skipped', reason: 'already-handled' };
}
