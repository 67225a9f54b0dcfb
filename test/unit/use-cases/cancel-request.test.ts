import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import { cancelByStaff } from '#shared/domain/admin-actions';
import { ActionAlreadyDoneError } from '#shared/domain/resident-feedback';
import type { Staff } from '#shared/domain/staff';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { viewRequest } from '#shared/use-cases/view-request';
import { KEDA, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
const now = new Date('2026-11-29T02:00:00.000Z');
const deps = () => mem;

const orderedFields = {
  serviceCode: 'appliance-repair',
  areaId: KEDA,
  description: '电视雪花',
  contactName: '吴伯伯',
  phone: '13800004444',
  address: '9号楼',
  attributes: { applianceType: 'tv' },
};

async function dispatched() {
  const submission = parseSubmission(orderedFields);
  const { submitted } = await submitRequest(deps(), { submission, channel: 'web' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  return submitted;
}

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  await mem.teams.register(teamFixture('solo', { capacity: 1 }), ['appliance-repair']);
});

describe('cancelRequest', () => {
  it('cancels an offered request, gives the team its capacity back and offers it the next waiting request', async () => {
    const first = await dispatched();
    const second = await dispatched();
    expect(store.requests.get(second.id)!.status).toBe('WAITING');
    const cancelled = await cancelRequest(deps(), first.id, first.accessToken);
    expect(cancelled.status).toBe('CANCELLED');
    expect(store.requests.get(first.id)!.offer).toBeUndefined();
    expect(store.requests.get(second.id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'solo' } });
    expect(mem.teams.teams.get('solo')!.active).toBe(1);
  });

  it('cancels a request that the dispatch offered between the resident’s read and write, and gives the team its capacity back', async () => {
    const { submitted } = await submitRequest(deps(), { submission: parseSubmission(orderedFields), channel: 'web' });
    const read = store.get.bind(store);
    let dispatched = false;
    store.get = async (id) => {
      const request = await read(id);
      if (!dispatched) {
        dispatched = true;
        await dispatchRequest(deps(), { requestId: id, version: 1 });
      }
      return request;
    };
    const cancelled = await cancelRequest(deps(), submitted.id, submitted.accessToken);
    expect(cancelled.status).toBe('CANCELLED');
    expect(store.requests.get(submitted.id)!.status).toBe('CANCELLED');
    expect(store.requests.get(submitted.id)!.offer).toBeUndefined();
    expect(mem.teams.teams.get('solo')!.active).toBe(0);
  });

  it('releases the capacity of a team that had accepted', async () => {
    const first = await dispatched();
    await acceptOffer(deps(), first.id, 'solo');
    await cancelRequest(deps(), first.id, first.accessToken);
    expect(mem.teams.teams.get('solo')!.active).toBe(0);
  });

  it('answers NotFound without the right token, and Conflict once cancelled', async () => {
    const first = await dispatched();
    await expect(cancelRequest(deps(), first.id, 'wrong')).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelRequest(deps(), first.id, undefined)).rejects.toBeInstanceOf(NotFoundError);
    await cancelRequest(deps(), first.id, first.accessToken);
    await expect(cancelRequest(deps(), first.id, first.accessToken)).rejects.toBeInstanceOf(ConflictError);
    expect(mem.teams.teams.get('solo')!.active).toBe(0);
  });

  it('tells a second tap, or one at the same time, that the resident’s cancelling is done already', async () => {
    const first = await dispatched();
    const [a, b] = await Promise.allSettled([0, 1].map(() => cancelRequest(deps(), first.id, first.accessToken)));
    const outcomes = [a!, b!].map((r) => (r.status === 'fulfilled' ? r.value.status : (r.reason as Error).constructor.name));
    expect(outcomes.sort()).toEqual(['ActionAlreadyDoneError', 'CANCELLED']);
    await expect(cancelRequest(deps(), first.id, first.accessToken)).rejects.toBeInstanceOf(ActionAlreadyDoneError);
    expect(mem.teams.teams.get('solo')!.active).toBe(0);
  });

  it('does not call it done when staff cancelled it', async () => {
    const first = await dispatched();
    const before = store.requests.get(first.id)!;
    const staff: Staff = { id: 'staff-1', name: '站长', role: 'station', areaId: KEDA };
    await store.changeStatus({ before, ...cancelByStaff(before, staff, '居民电话说不用了', now) });
    const refused = await cancelRequest(deps(), first.id, first.accessToken).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).not.toBeInstanceOf(ActionAlreadyDoneError);
  });

  it('is offered on the status view exactly while it is allowed', async () => {
    const first = await dispatched();
    expect((await viewRequest(deps(), first.id, first.accessToken)).actions).toEqual({ cancel: true, rate: false, reopen: false });
    await cancelRequest(deps(), first.id, first.accessToken);
    expect((await viewRequest(deps(), first.id, first.accessToken)).actions).toEqual({ cancel: false, rate: false, reopen: false });
  });
});
