/**
 * A service's waiting line across a province: three cities of five counties each, three requests
 * waiting in every county and seven more in one (more than a team asks for), a few urgent, all
 * at distinct times, and one in another province. For the waiting line's contract and the cost of
 * reading it on the table.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { RequestRepository } from '#shared/ports/request-repository';
import { requestFixture } from './fixtures';

export const PROVINCE_LINE = { cities: 3, counties: 15 } as const;

export interface ProvinceLine {
  readonly serviceCode: string;
  /** The ids waiting in `areaId` (a province or city), urgent first, then oldest. */
  readonly expected: (areaId: string) => string[];
}

export async function provinceLine(requests: RequestRepository): Promise<ProvinceLine> {
  const serviceCode = `province-${randomUUID().slice(0, 8)}`;
  const counties = ['3701', '3702', '3703'].flatMap((city) => [1, 2, 3, 4, 5].map((n) => `${city}0${n}`));
  const areas = [...counties.flatMap((county) => [1, 2, 3].map(() => county)), ...Array(7).fill('370203'), '410102'];
  // Distinct minutes in a scrambled order, so no county's requests are all older than another's.
  const made = areas.map((county, i): ServiceRequest => {
    const at = new Date(Date.UTC(2026, 10, 30, 2, (i * 37) % areas.length)).toISOString();
    return requestFixture({
      serviceCode,
      areaId: `${county}001001`,
      status: 'WAITING',
      urgency: i % 11 === 5 ? 'urgent' : 'normal',
      createdAt: at,
      updatedAt: at,
    });
  });
  await Promise.all(made.map((request) => requests.create({ request, events: [], outbox: [] })));
  const rank = (r: ServiceRequest) => `${r.urgency === 'urgent' ? 0 : 1}#${r.createdAt}#${r.id}`;
  return {
    serviceCode,
    expected: (areaId) =>
      made
        .filter((r) => r.areaId.startsWith(areaId))
        .sort((a, b) => (rank(a) < rank(b) ? -1 : 1))
        .map((r) => r.id),
  };
}
