/** How a request and its timeline events are laid out as items of the single table. */
import { lineage } from '#shared/domain/area';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { ClaimSlotHolder, WallEntry } from '#shared/ports/request-repository';
import { keys } from './keys';

/** The gsi1 listing a request belongs to in its state, if any. */
function listingKeys(request: ServiceRequest): Record<string, string> {
  switch (request.status) {
    case 'WAITING':
      return keys.waitingListing(request.serviceCode, request.urgency === 'urgent', request.createdAt, request.id);
    case 'ESCALATED':
      return keys.escalatedListing(request.updatedAt, request.id);
    case 'OFFERED':
      return request.offer ? keys.teamOpenListing(request.offer.teamId, 'OFFERED', request.updatedAt, request.id) : {};
    case 'REVIEW':
      return keys.reviewListing(request.areaId, request.updatedAt, request.id);
    case 'ACCEPTED': {
      const holder = heldClaimSlot(request);
      if (holder && request.claim) return keys.claimsListing(holder, request.claim.deadline, request.id);
      return request.assignedTeam ? keys.teamOpenListing(request.assignedTeam.id, 'ACCEPTED', request.updatedAt, request.id) : {};
    }
    default:
      return {};
  }
}

/**
 * The request's item. A request with a `dueAt` sits on gsi2 for the sweeper; in some states also
 * on a gsi1 listing (its service's waiting line, the center's queue, a team's open work). A Put
 * of the next state drops what no longer applies. Every request is on gsi3, the admins' list.
 */
export function requestItem(request: ServiceRequest): Record<string, unknown> {
  const due = request.dueAt ? keys.sweepDue(request.dueAt, request.id) : {};
  const listed = keys.adminListing(request.areaId, request.createdAt, request.id);
  return { ...keys.request(request.id), ...due, ...listingKeys(request), ...listed, entity: 'Request', ...request };
}

export function eventItem(event: TimelineEvent): Record<string, unknown> {
  return { ...keys.timelineEvent(event.requestId, event.at, event.seq), entity: 'TimelineEvent', ...event };
}

/** The wall entries of a published wish: one per level of its area, each with the public text only. */
export function wallItems(request: ServiceRequest): Record<string, unknown>[] {
  const wish = request.wish;
  if (request.status !== 'PUBLISHED' || !wish) return [];
  const entry: WallEntry = {
    requestId: request.id,
    areaId: request.areaId,
    serviceCode: request.serviceCode,
    text: wish.text,
    wisher: wish.wisher,
    publishedAt: wish.publishedAt,
    listedAt: wish.listedAt,
  };
  return lineage(request.areaId).map((areaId) => ({ ...keys.wallEntry(areaId, wish.listedAt, request.id), entity: 'WallEntry', ...entry }));
}

/** The volunteer's or work unit's claim slot this request holds in this state. */
export function heldClaimSlot(request: ServiceRequest): ClaimSlotHolder | undefined {
  const claimer = request.status === 'ACCEPTED' ? request.claim?.claimer : undefined;
  return claimer && claimer.kind !== 'team' ? { kind: claimer.kind, id: claimer.id } : undefined;
}
