/**
 * The station's review of wishes (微心愿审核): the queue of wishes waiting in the staff member's
 * area, with what the resident wrote (staff see it; the wall never does), and publishing one with
 * the public text the station wrote. Outside the staff member's area a wish does not exist (404).
 */
import { maskPhone } from '#shared/domain/contact';
import { NotFoundError } from '#shared/domain/errors';
import { inScope, assertInScope, type Staff } from '#shared/domain/staff';
import { parsePublicWish, publish } from '#shared/domain/wish';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { Clock } from '#shared/ports/clock';
import type { RequestRepository } from '#shared/ports/request-repository';
import { districtsHolding } from './districts';
import { placeNamer } from './place-names';

export interface WishReviewDeps {
  readonly requests: RequestRepository;
  readonly catalog: CatalogRepository;
  readonly areas: AreaRepository;
  readonly clock: Clock;
}

export interface WishForReview {
  readonly id: string;
  readonly trackingCode: string;
  readonly serviceCode: string;
  readonly areaId: string;
  readonly place: string;
  readonly since: string;
  /** What the resident wrote, and the service's fields: for the reviewer, never published as is. */
  readonly description: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The description and attributes could not be read (damaged storage): empty, not unwritten. */
  readonly detailsUnavailable?: true;
  /** The resident as the reviewer may name them (王奶奶): the surname and the masked phone only. */
  readonly resident: { readonly surname: string; readonly phone: string };
}

/** The review queue lists this many wishes per district, oldest first, of those in the staff member's area. */
const QUEUE_READ = 200;

/**
 * The wishes waiting in the staff member's area, oldest first: the district's queue read for
 * their area only (the first `QUEUE_READ` found in at most ten pages of it), so a station's own
 * are not hidden behind older ones elsewhere in a busy district.
 */
export async function wishesForReview(deps: WishReviewDeps, staff: Staff): Promise<WishForReview[]> {
  const districts = await districtsHolding(deps.areas, staff.areaId);
  const queued = (await Promise.all(districts.map((d) => deps.requests.inReview(d, QUEUE_READ, staff.areaId)))).flat();
  const mine = queued.filter((r) => inScope(staff, r.areaId));
  const place = placeNamer(deps.areas);
  return Promise.all(
    mine.map(async (r) => ({
      id: r.id,
      trackingCode: r.trackingCode,
      serviceCode: r.serviceCode,
      areaId: r.areaId,
      place: await place(r.areaId),
      since: r.updatedAt,
      description: r.description,
      attributes: r.attributes,
      ...(r.detailsUnavailable ? { detailsUnavailable: true as const } : {}),
      resident: { surname: [...r.contact.name.trim()][0] ?? '', phone: maskPhone(r.contact.phone) },
    })),
  );
}

/** Publishes the wish on the wall with the station's text: 409 once it is no longer in review. */
export async function publishWish(deps: WishReviewDeps, staff: Staff, requestId: string, input: unknown): Promise<ServiceRequest> {
  const request = await deps.requests.get(requestId);
  if (!request) throw new NotFoundError('Wish');
  assertInScope(staff, request.areaId, 'Wish');
  const text = parsePublicWish(input, request);
  const { after, event } = publish(request, text, staff.id, deps.clock.now());
  await deps.requests.changeStatus({ before: request, after, event });
  return after;
}
