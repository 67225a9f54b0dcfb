/** Fixtures shared by tests and benchmarks: a stored request and a team, with overrides. */
import { randomInt } from 'node:crypto';
import { newAccessToken, newRequestId, sha256 } from '#shared/domain/identifiers';
import type { ServiceRequest } from '#shared/domain/service-request';
import { parseSubmission } from '#shared/domain/submission';
import type { Team } from '#shared/domain/team';

export const KEDA = '370902003009';

/** A resident's checked submission in 科大社区: 周奶奶's fan repair, or 李秀珍's micro-wish (a radio). */
export function residentSubmission(
  serviceCode: 'appliance-repair' | 'micro-wish' = 'appliance-repair',
  given: Record<string, unknown> = {},
) {
  const repair = serviceCode === 'appliance-repair';
  return parseSubmission({
    serviceCode,
    areaId: KEDA,
    description: repair ? '风扇不转' : '想听戏',
    contactName: repair ? '周奶奶' : '李秀珍',
    phone: repair ? '13300003333' : '13300004444',
    address: repair ? '2号楼' : '3号楼',
    attributes: repair ? { applianceType: 'fan' } : { wishItem: '收音机' },
    ...given,
  });
}

// Tracking codes drawn at random collide by the birthday bound (a few thousand requests make a
// clash likely); fixtures count up from a random start instead, unique within one process.
let nextCode = randomInt(0, 80_000_000);
const uniqueTrackingCode = () => String(10_000_000 + (nextCode++ % 90_000_000));

/** A SUBMITTED request as storage holds it (no personal data of anybody real). */
export function requestFixture(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  const at = new Date().toISOString();
  return {
    id: newRequestId(),
    trackingCode: uniqueTrackingCode(),
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

/**
 * A CLOSED request reopened once: a registered person served 120 minutes on the first visit, by
 * `first.team`; the guest 李四 60 minutes on the second, by `team`.
 */
export function reopenedFixture(
  first: { readonly volunteerId: string; readonly team: { id: string; name: string }; readonly completedAt: string },
  second: { readonly team: { id: string; name: string }; readonly completedAt: string },
  overrides: Partial<ServiceRequest> = {},
): ServiceRequest {
  return requestFixture({
    status: 'CLOSED',
    assignedTeam: second.team,
    earlierCompletions: [
      { completedAt: first.completedAt, team: first.team, hours: [{ volunteer: '王小明', volunteerId: first.volunteerId, minutes: 120 }] },
    ],
    completion: { completedAt: second.completedAt, hours: [{ volunteer: '李四', minutes: 60 }] },
    ...overrides,
  });
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
