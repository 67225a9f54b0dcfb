import { beforeEach, describe, expect, it } from 'vitest';
import { parseSubmission } from '#shared/domain/submission';
import type { Team } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { KEDA, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { MemoryCatalog } from '#shared/adapters/memory/reference-data';

const team = (id: string, overrides: Partial<Team> = {}): Team =>
  teamFixture(id, { name: { zh: `${id}队`, en: `Team ${id}` }, servesAreaId: '370902', capacity: 2, rating: 4.5, ...overrides });

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let now: Date;
const deps = () => mem;

async function submitted(overrides: Record<string, unknown> = {}) {
  const submission = parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '电饭锅不加热',
    contactName: '孙阿姨',
    phone: '13500002222',
    address: '7号楼',
    attributes: { applianceType: 'rice-cooker' },
    ...overrides,
  });
  const { submitted } = await submitRequest(deps(), { submission, channel: 'api' });
  return { requestId: submitted.id, version: 1 };
}

beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  now = new Date('2026-11-29T02:00:00.000Z');
});

describe('dispatchRequest', () => {
  it('offers the request to the nearest team with free capacity, with a deadline and the reason', async () => {
    await mem.teams.register(team('far', { stationAreaId: '370911001005', servesAreaId: '3709', rating: 5 }), ['appliance-repair']);
    await mem.teams.register(team('near'), ['appliance-repair']);
    const message = await submitted();
    const outcome = await dispatchRequest(deps(), message);
    expect(outcome.kind).toBe('offered');
    const stored = store.requests.get(message.requestId)!;
    expect(stored.status).toBe('OFFERED');
    expect(stored.offer).toMatchObject({ teamId: 'near', deadline: '2026-11-29T06:00:00.000Z' });
    expect(store.events.at(-1)!.message.zh).toBe('派给 near队: 同社区, 空闲 2/2, 评分 4.5');
    expect(mem.teams.teams.get('near')!.active).toBe(1);
    expect(store.outboxMessages.size).toBe(0);
  });

  it('gives urgent requests a 30-minute deadline', async () => {
    await mem.teams.register(team('near'), ['appliance-repair']);
    const message = await submitted({ urgency: 'urgent' });
    await dispatchRequest(deps(), message);
    expect(store.requests.get(message.requestId)!.offer!.deadline).toBe('2026-11-29T02:30:00.000Z');
  });

  it('passes over full, paused, blacked-out and excluded teams, and teams of other services or areas', async () => {
    await mem.teams.register(team('full', { capacity: 1 }), ['appliance-repair']);
    mem.teams.patch('full', { active: 1 });
    await mem.teams.register(team('paused', { paused: true }), ['appliance-repair']);
    await mem.teams.register(team('holiday', { blackoutDates: ['2026-11-29'] }), ['appliance-repair']);
    await mem.teams.register(team('other-service'), ['legal-consultation']);
    await mem.teams.register(team('other-area', { stationAreaId: '370911001005', servesAreaId: '370911' }), ['appliance-repair']);
    await mem.teams.register(team('chosen', { stationAreaId: '370902001012', servesAreaId: '370902' }), ['appliance-repair']);
    const message = await submitted();
    await dispatchRequest(deps(), message);
    expect(store.requests.get(message.requestId)!.offer!.teamId).toBe('chosen');
    expect(store.events.at(-1)!.message.zh).toContain('同区县');
  });

  it('passes over a team the index still lists whose own item no longer handles the service; one handling it by its category is offered', async () => {
    await mem.teams.register(team('dropped', { rating: 5 }), ['appliance-repair']);
    // Its item as read after staff took the service away, while the coverage index still lists it.
    mem.teams.patch('dropped', { services: ['legal-consultation'] });
    await mem.teams.register(team('by-category', { services: [], categories: ['appliance-repair'] }), ['appliance-repair']);
    const message = await submitted();
    expect(await dispatchRequest(deps(), message)).toMatchObject({ kind: 'offered' });
    expect(store.requests.get(message.requestId)!.offer!.teamId).toBe('by-category');
    expect(mem.teams.teams.get('dropped')!.active).toBe(0);
  });

  it('prefers the larger share of free capacity among equally near teams', async () => {
    await mem.teams.register(team('busy', { capacity: 4 }), ['appliance-repair']);
    mem.teams.patch('busy', { active: 3 });
    await mem.teams.register(team('idle', { capacity: 4, rating: 4 }), ['appliance-repair']);
    const message = await submitted();
    await dispatchRequest(deps(), message);
    expect(store.requests.get(message.requestId)!.offer!.teamId).toBe('idle');
  });

  it('prefers, among otherwise equal teams, the one below its fair share of this month’s offers', async () => {
    await mem.teams.register(team('busy-month'), ['appliance-repair']);
    await mem.teams.register(team('quiet-month'), ['appliance-repair']);
    mem.teams.patch('busy-month', { recentOrders: { '2026-11': 6 } });
    mem.teams.patch('quiet-month', { recentOrders: { '2026-11': 1, '2026-10': 30 } });
    const message = await submitted();
    await dispatchRequest(deps(), message);
    expect(store.requests.get(message.requestId)!.offer!.teamId).toBe('quiet-month');
    expect(store.events.at(-1)!.message.zh).toContain('本月派单较少');
    expect(mem.teams.teams.get('quiet-month')!.recentOrders).toEqual({ '2026-11': 2, '2026-10': 30 });
  });

  it('uses a service’s own acceptance deadline when it has one', async () => {
    await mem.teams.register(team('near'), ['appliance-repair']);
    const services = demoServices.map((s) => (s.code === 'appliance-repair' ? { ...s, dispatch: { acceptNormalMinutes: 60 } } : s));
    const message = await submitted();
    await dispatchRequest({ ...deps(), catalog: new MemoryCatalog({ services }) }, message);
    expect(store.requests.get(message.requestId)!.offer!.deadline).toBe('2026-11-29T03:00:00.000Z');
  });

  it('parks the request as WAITING when no team is free, and keeps it there on a repeat', async () => {
    await mem.teams.register(team('resting', { paused: true }), ['appliance-repair']);
    const message = await submitted();
    expect((await dispatchRequest(deps(), message)).kind).toBe('waiting');
    expect((await dispatchRequest(deps(), message)).kind).toBe('waiting');
    expect(store.requests.get(message.requestId)).toMatchObject({ status: 'WAITING', version: 2 });
    expect(store.events.filter((e) => e.requestId === message.requestId).map((e) => e.status)).toEqual(['SUBMITTED', 'WAITING']);
  });

  it('offers a WAITING request once a team has room', async () => {
    await mem.teams.register(team('resting', { paused: true }), ['appliance-repair']);
    const message = await submitted();
    await dispatchRequest(deps(), message);
    await mem.teams.register(team('new'), ['appliance-repair']);
    expect((await dispatchRequest(deps(), message)).kind).toBe('offered');
    expect(store.requests.get(message.requestId)).toMatchObject({ status: 'OFFERED', version: 3 });
  });

  it('makes one offer however often the message comes', async () => {
    await mem.teams.register(team('near', { capacity: 5 }), ['appliance-repair']);
    const message = await submitted();
    const outcomes = await Promise.all([1, 2, 3].map(() => dispatchRequest(deps(), message)));
    expect(outcomes.filter((o) => o.kind === 'offered')).toHaveLength(1);
    expect(mem.teams.teams.get('near')!.active).toBe(1);
  });

  it('skips a message for an unknown request', async () => {
    expect(await dispatchRequest(deps(), { requestId: 'none', version: 1 })).toEqual({ kind: 'skipped', reason: 'not-found' });
  });
});
