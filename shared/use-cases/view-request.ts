/**
 * What a resident sees of their own request. The access token is the only key: a missing
 * request and a wrong token look the same (NotFoundError), so nobody can probe for others'
 * requests. Phone and name are masked and the address is left out.
 */
import type { LocalizedText } from '#shared/domain/catalog';
import { staffCancellationReason } from '#shared/domain/cancellation-notice';
import { maskName, maskPhone } from '#shared/domain/contact';
import { NotFoundError } from '#shared/domain/errors';
import { tokenMatches } from '#shared/domain/identifiers';
import type { RequestStatus } from '#shared/domain/request-state';
import type { ServiceRequest, TimelineEvent, Urgency } from '#shared/domain/service-request';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { RequestRepository } from '#shared/ports/request-repository';
import { lineage } from '#shared/domain/area';
import { canCancel } from '#shared/domain/offer-lifecycle';
import { canRate, canReopen } from '#shared/domain/resident-feedback';
import type { Clock } from '#shared/ports/clock';
import { residentTimeline } from './resident-timeline';
import { requestedService } from './service-as-ordered';

export interface ViewRequestDeps {
  readonly requests: RequestRepository;
  readonly catalog: CatalogRepository;
  readonly areas: AreaRepository;
  readonly clock: Clock;
}

export interface RequestView {
  readonly id: string;
  readonly trackingCode: string;
  readonly status: RequestStatus;
  readonly urgency: Urgency;
  readonly service: { readonly code: string; readonly name: LocalizedText };
  /** The community first, then its street, district and city. */
  readonly area: { readonly id: string; readonly names: readonly LocalizedText[] };
  readonly description: string;
  readonly preferredTime?: string;
  /** The description and preferred time could not be read (damaged storage): the empty description is not what the resident wrote. */
  readonly detailsUnavailable?: true;
  /** The resident's contact and free text were anonymised (`retention.ts`): the page says they were removed. */
  readonly personalDataRemoved?: true;
  readonly contact: { readonly name: string; readonly phone: string };
  readonly team?: { readonly name: string };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly timeline: ReadonlyArray<Pick<TimelineEvent, 'at' | 'type' | 'status' | 'message'>>;
  readonly rating?: { readonly stars: number; readonly comment?: string; readonly ratedAt: string };
  /** Cancelled by staff: the reason they gave (the status page says it, and whom to call). */
  readonly cancelledByStaff?: { readonly reason: string };
  /** What the resident may do now; the status page offers exactly these. */
  readonly actions: { readonly cancel: boolean; readonly rate: boolean; readonly reopen: boolean };
}

export async function viewRequest(deps: ViewRequestDeps, id: string, accessToken: string | undefined): Promise<RequestView> {
  const found = await deps.requests.getWithTimeline(id);
  if (!found || !accessToken || !tokenMatches(accessToken, found.request.accessTokenHash)) {
    throw new NotFoundError('Request');
  }
  const { request } = found;
  const now = deps.clock.now();
  const actions = { cancel: canCancel(request), rate: canRate(request, now), reopen: canReopen(request, now) };
  return residentView(deps, found, actions);
}

/** The resident's view of a stored request and its timeline, with the actions they may take. */
export async function residentView(
  deps: Pick<ViewRequestDeps, 'catalog' | 'areas'>,
  { request, timeline }: { request: ServiceRequest; timeline: TimelineEvent[] },
  actions: RequestView['actions'],
): Promise<RequestView> {
  // Named as it was ordered: a later edit of the menu may have renamed the service under its code.
  const [{ ordered }, areas] = await Promise.all([requestedService(deps.catalog, request), deps.areas.getMany(lineage(request.areaId))]);
  const serviceName = ordered.name ?? { zh: request.serviceCode, en: request.serviceCode };
  const areaNames = areas.flatMap((a) => (a ? [a.name] : []));
  const staffReason = staffCancellationReason([...timeline].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq));
  return {
    id: request.id,
    trackingCode: request.trackingCode,
    status: request.status,
    urgency: request.urgency,
    service: { code: request.serviceCode, name: serviceName },
    area: { id: request.areaId, names: areaNames },
    description: request.description,
    ...(request.preferredTime ? { preferredTime: request.preferredTime } : {}),
    ...(request.detailsUnavailable ? { detailsUnavailable: true } : {}),
    ...(request.anonymisedAt ? { personalDataRemoved: true } : {}),
    // Anonymised: nothing to mask (a masked empty phone would read as a number).
    contact: request.anonymisedAt
      ? { name: '', phone: '' }
      : { name: maskName(request.contact.name), phone: maskPhone(request.contact.phone) },
    ...(request.assignedTeam ? { team: { name: request.assignedTeam.name } } : {}),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    // In the resident's words: no team named, scored or turned down before one accepts.
    timeline: residentTimeline(timeline).map(({ at, type, status, message }) => ({ at, type, ...(status ? { status } : {}), message })),
    // Anonymised, staff's reason is gone too: the status's own explanation stands in.
    ...(request.status === 'CANCELLED' && staffReason !== undefined && !request.anonymisedAt
      ? { cancelledByStaff: { reason: staffReason } }
      : {}),
    // Who recorded it (a staff member's subject for 回访) stays with staff.
    ...(request.rating
      ? {
          rating: {
            stars: request.rating.stars,
            ...(request.rating.comment ? { comment: request.rating.comment } : {}),
            ratedAt: request.rating.ratedAt,
          },
        }
      : {}),
    actions,
  };
}
