/**
 * The wish wall's listings over the memory adapter's requests, in the orders the table's keep:
 * the wall of an area newest listed first (paged by the same opaque cursor), the review queue
 * oldest first, a volunteer's claims nearest deadline first. Scans: the unit tests' sizes.
 */
import { isWithin } from '#shared/domain/area';
import { wallCursor, wallPlace } from '#shared/domain/wall-cursor';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { ClaimSlotHolder, WallEntry, WallPage } from '#shared/ports/request-repository';

const sortKey = (r: ServiceRequest) => `${r.wish?.listedAt}#${r.id}`;

export function wallOf(requests: Iterable<ServiceRequest>, areaId: string, limit: number, cursor?: string): WallPage {
  const place = cursor ? wallPlace(cursor) : undefined;
  const after = place && `${place.listedAt}#${place.requestId}`;
  const listed = [...requests]
    .filter((r) => r.status === 'PUBLISHED' && r.wish && isWithin(r.areaId, areaId))
    .filter((r) => after === undefined || sortKey(r) < after)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
  const page = listed.slice(0, limit);
  const entries: WallEntry[] = page.map((r) => ({
    requestId: r.id,
    areaId: r.areaId,
    serviceCode: r.serviceCode,
    text: r.wish!.text,
    wisher: r.wish!.wisher,
    publishedAt: r.wish!.publishedAt,
    listedAt: r.wish!.listedAt,
  }));
  const last = page.at(-1);
  return { entries, ...(listed.length > limit && last ? { next: wallCursor({ listedAt: last.wish!.listedAt, requestId: last.id }) } : {}) };
}

export function reviewQueueOf(
  requests: Iterable<ServiceRequest>,
  districtId: string,
  limit: number,
  within = districtId,
): ServiceRequest[] {
  const key = (r: ServiceRequest) => `${r.updatedAt}#${r.id}`;
  return [...requests]
    .filter((r) => r.status === 'REVIEW' && isWithin(r.areaId, districtId) && isWithin(r.areaId, within))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1))
    .slice(0, limit);
}

/** The open claims a volunteer or work unit holds. */
export function claimsOf(requests: Iterable<ServiceRequest>, holder: ClaimSlotHolder): ServiceRequest[] {
  const key = (r: ServiceRequest) => `${r.claim?.deadline}#${r.id}`;
  return [...requests]
    .filter((r) => r.status === 'ACCEPTED' && r.claim?.claimer.kind === holder.kind && r.claim.claimer.id === holder.id)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
