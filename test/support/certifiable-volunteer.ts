/** Volunteers a center can certify: registered in 科大社区, with 90 minutes on a closed request of 瑞迪e修站 completed now (and 2 hours in another district). */
import type { ServiceRequest } from '#shared/domain/service-request';
import { KEDA, requestFixture } from './fixtures';
import type { StackHandle } from './local-stack';

export async function certifiableVolunteer(
  adapters: StackHandle['adapters'],
  person: { readonly id: string; readonly name: string; readonly phone: string },
): Promise<{ request: ServiceRequest; completedAt: string }> {
  const completedAt = new Date().toISOString();
  const request = requestFixture({
    status: 'CLOSED',
    assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
    completion: { completedAt, hours: [{ volunteer: person.name, volunteerId: person.id, minutes: 90 }] },
  });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await adapters.volunteers.register({
    ...person,
    homeAreaId: KEDA,
    registeredAt: completedAt,
    registeredBy: { kind: 'self' },
  });
  await adapters.credits.post({
    volunteerKey: `person#${person.id}`,
    requestId: request.id,
    teamId: 'ruidi-repair',
    minutes: 90,
    hours: 1.5,
    points: 0.375,
    at: completedAt,
  });
  return { request, completedAt };
}

/** 堰北 (岱岳区), a district other than 科大社区's (泰山区). */
export const YANBEI = '370911001005';

/** A volunteer of `certifiableVolunteer` who also served 2 hours with 红先锋 in 堰北, on a closed request of their own. */
export async function servedInTwoPlaces(
  adapters: StackHandle['adapters'],
  person: { readonly id: string; readonly name: string; readonly phone: string },
): Promise<{ keda: string; yanbei: string }> {
  const { request: keda } = await certifiableVolunteer(adapters, person);
  const completedAt = new Date().toISOString();
  const yanbei = requestFixture({
    status: 'CLOSED',
    areaId: YANBEI,
    serviceCode: 'elderly-visit',
    assignedTeam: { id: 'hongxianfeng', name: '红先锋' },
    completion: { completedAt, hours: [{ volunteer: person.name, volunteerId: person.id, minutes: 120 }] },
  });
  await adapters.requests.create({ request: yanbei, events: [], outbox: [] });
  await adapters.credits.post({
    volunteerKey: `person#${person.id}`,
    requestId: yanbei.id,
    teamId: 'hongxianfeng',
    minutes: 120,
    hours: 2,
    points: 0.5,
    at: completedAt,
  });
  return { keda: keda.id, yanbei: yanbei.id };
}
