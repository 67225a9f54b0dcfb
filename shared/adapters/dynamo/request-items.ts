/** How a request and its timeline events are laid out as items of the single table. */
import { lineage } from '#shared/domain/area';
import { keptRulesOfText, keptRulesText } from '#shared/domain/credit-rules-of-request';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { ClaimSlotHolder, WallEntry } from '#shared/ports/request-repository';
import type { DamagedItems } from './damaged-items';
import { keys } from './keys';

/** The gsi1 listing a request belongs to in its state, if any. */
function listingKeys(request: ServiceRequest): Record<string, string> {
  switch (request.status) {
    case 'WAITING':
      return keys.waitingListing(request.serviceCode, request.areaId, request.urgency === 'urgent', request.createdAt, request.id);
    case 'ESCALATED':
      return keys.escalatedListing(request.escalatedAt ?? request.updatedAt, request.id);
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
 * of the next state drops what no longer applies. Every request is on gsi3 and, by its
 * `gsi3pk` and `createdAt`, on gsi4: the admins' list.
 */
export function requestItem(request: ServiceRequest): Record<string, unknown> {
  const due = request.dueAt ? keys.sweepDue(request.dueAt, request.id) : {};
  const listed = keys.adminListing(request.areaId, request.createdAt, request.id);
  const { detailsUnavailable: _lost, ...known } = request;
  const { description: _d, attributes: _a, preferredTime: _p, ...state } = known;
  // A request read without its details keeps `detailsApart` (`withDetails`): its empty text is never written.
  const stored = request.detailsApart ? state : known;
  const rules = request.creditRules ? { creditRules: keptRulesText(request.creditRules) } : {};
  return { ...keys.request(request.id), ...due, ...listingKeys(request), ...listed, entity: 'Request', ...stored, ...rules };
}

/** A request as its item stores it (`requestItem`), keys aside; kept rules that do not read as valid rules are not kept. */
export function requestOfItem(fields: Record<string, unknown>): ServiceRequest {
  const { creditRules: text, ...request } = fields;
  const creditRules = keptRulesOfText(text);
  return { ...(request as unknown as ServiceRequest), ...(creditRules ? { creditRules } : {}) };
}

/**
 * The resident's free text (description, service attributes, preferred time) longer than this, in
 * UTF-8 bytes of its JSON, is stored apart, once. Kept in the request's item, it is written again
 * with every change and copied into each index entry, and each of those writes costs a unit more
 * per KB the item reaches (`npm run bench -- --only cost --description-chars N`). The item is
 * about 750 to 1,100 bytes without it, by state, so even short text can push it over; the
 * fixture's 18-character description (111 bytes) stays inline, where it costs no item of its own.
 * The contact stays inline whatever its length: lists show the resident's (masked) name and phone.
 */
export const DETAILS_APART_BYTES = 128;

type Details = Pick<ServiceRequest, 'description' | 'attributes' | 'preferredTime'>;

const detailsOfRequest = ({ description, attributes, preferredTime }: Details): Details => ({
  description,
  attributes,
  ...(preferredTime !== undefined ? { preferredTime } : {}),
});

/** The request as the repository stores it: with `detailsApart` when its details are long. */
export function storedRequest(request: ServiceRequest): ServiceRequest {
  const bytes = Buffer.byteLength(JSON.stringify(detailsOfRequest(request)));
  return bytes > DETAILS_APART_BYTES ? { ...request, detailsApart: true } : request;
}

/** The item of a request's details kept apart (`detailsApart`), written once at its creation. */
export function detailsItem(request: ServiceRequest): Record<string, unknown> {
  return { ...keys.requestDetails(request.id), entity: 'RequestDetails', ...detailsOfRequest(request) };
}

/**
 * A request whose details are kept apart, with them (`item`: its `detailsItem`); any other as it
 * is. They are written in the request's creating transaction and never removed, so a request
 * without them is damaged: it is told to `damaged` (its id only) and read with
 * `detailsUnavailable`, empty text and no preferred time, so that the lists it is on, and the
 * request itself, still answer.
 */
export function withDetails(
  request: ServiceRequest,
  item: Record<string, unknown> | undefined,
  damaged: Pick<DamagedItems, 'detailsMissing'>,
): ServiceRequest {
  if (!request.detailsApart) return request;
  if (item) return { ...request, ...detailsOfRequest(item as unknown as Details) };
  damaged.detailsMissing(request.id);
  const { preferredTime: _p, ...rest } = request;
  return { ...rest, description: '', attributes: {}, detailsUnavailable: true };
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
