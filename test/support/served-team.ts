/**
 * The hours corrections' world in memory: team `a` (瑞迪e修站, serving 泰山区 with appliance
 * repair) with two registered members, 吴 and 李, on a clock the test moves, and a request the
 * team served (吴 2 h, the guest 老张 1 h, 李 not listed), rated, closed and credited.
 */
import { expect } from 'vitest';
import { type MemoryDeps, memoryDeps } from '#shared/adapters/memory/deps';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { rateForResident } from '#shared/use-cases/admin-requests';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { KEDA, teamFixture } from './fixtures';
import { validSubmission } from './http';

export const KEDA_STAFF = { id: 'staff-2', name: '科大社区 王站长', role: 'station', areaId: KEDA } as const;

/**
 * A request station staff ordered for a resident (proxy: staff may record its rating, 回访),
 * dispatched and accepted by team `a`; its id.
 */
export async function proxyOrderAcceptedByA(mem: MemoryDeps): Promise<string> {
  const { submitted } = await submitRequest(mem, {
    submission: parseSubmission(validSubmission()),
    channel: 'proxy',
    proxiedBy: KEDA_STAFF.name,
  });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  await acceptOffer(mem, submitted.id, 'a');
  return submitted.id;
}
export const WU = 'p1p1p1p1p1p1p1p1p1p1';
export const LI = 'p2p2p2p2p2p2p2p2p2p2';
export const wu = `person#${WU}`;
export const li = `person#${LI}`;
export const guest = 'a:老张';
export const reason = '上门实际 4 小时，队长误填 2 小时';

export interface ServedTeam {
  readonly mem: MemoryDeps;
  now(): Date;
  later(ms: number): void;
  /** A request the team served, rated and closed, its credits posted; a day later. */
  closedRequest(): Promise<string>;
}

export async function servedTeam(): Promise<ServedTeam> {
  let clock = new Date('2026-03-09T02:00:00.000Z');
  const mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => clock } });
  const later = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  await mem.teams.register(
    teamFixture('a', { name: { zh: '瑞迪e修站', en: 'Ruidi' }, servesAreaId: '370902', services: ['appliance-repair'] }),
    ['appliance-repair'],
  );
  for (const [id, name, phone] of [
    [WU, '吴志愿', '+8613700001111'],
    [LI, '李志愿', '+8613700002222'],
  ] as const) {
    await mem.volunteers.register({ id, name, phone, homeAreaId: KEDA, registeredAt: clock.toISOString(), registeredBy: { kind: 'self' } });
    await mem.volunteers.addMember({ teamId: 'a', volunteerId: id, since: clock.toISOString() });
  }
  const closedRequest = async () => {
    const requestId = await proxyOrderAcceptedByA(mem);
    later(5 * 3600_000);
    await completeRequest(mem, requestId, 'a', {
      hours: [
        { volunteerId: WU, minutes: 120 },
        { volunteer: '老张', minutes: 60 },
      ],
    });
    await rateForResident(mem, KEDA_STAFF, requestId, { stars: 5 });
    await sweepDue(mem);
    expect(mem.requests.requests.get(requestId)).toMatchObject({ status: 'CLOSED' });
    expect(mem.requests.requests.get(requestId)!.creditsPending).toBeUndefined();
    later(24 * 3600_000);
    return requestId;
  };
  return { mem, now: () => clock, later, closedRequest };
}
