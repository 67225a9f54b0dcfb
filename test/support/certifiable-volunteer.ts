/** A volunteer a center can certify: registered in 科大社区, with 90 minutes on a closed request of 瑞迪e修站 completed now. */
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
