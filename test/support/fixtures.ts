/** Fixtures shared by tests and benchmarks: a stored request and a team, with overrides. */
import { newAccessToken, newRequestId, newTrackingCode, sha256 } from '#shared/domain/identifiers';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Team } from '#shared/domain/team';

export const KEDA = 'taian.taishan.taiqian.keda';

/** A SUBMITTED request as storage holds it (no personal data of anybody real). */
export function requestFixture(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  const at = new Date().toISOString();
  return {
    id: newRequestId(),
    trackingCode: newTrackingCode(),
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: 'fixture',
    contact: { name: 'n', phone: '+8613000000000', address: 'a' },
    urgency: 'normal',
    attributes: {},
    channel: 'api',
    status: 'SUBMITTED',
    version: 1,
    createdAt: at,
    updatedAt: at,
    accessTokenHash: sha256(newAccessToken()),
    ...overrides,
  };
}

/** A team stationed in 科大社区 handling `services`. */
export function teamFixture(id: string, overrides: Partial<Team> = {}): Team {
  return {
    id,
    name: { zh: id, en: id },
    stationAreaId: KEDA,
    servesAreaId: KEDA,
    services: ['appliance-repair'],
    categories: [],
    capacity: 5,
    paused: false,
    blackoutDates: [],
    channels: [],
    rating: 5,
    ...overrides,
  };
}
