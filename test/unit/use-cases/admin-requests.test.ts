import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError } from '#shared/domain/errors';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { listRequests, reassign, requestDetail } from '#shared/use-cases/admin-requests';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;
let mem: MemoryDeps;

async function submitted(): Promise<string> {
  const submission = parseSubmission(validSubmission());
  const { submitted } = await submitRequest(mem, { submission, channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  return submitted.id;
}

beforeEach(async () => {
  mem = memoryDeps({ services: demoServices, areas: demoAreas });
  const team = (id: string, rating: number) =>
    teamFixture(id, { name: { zh: id, en: id }, servesAreaId: '370902', capacity: 1, rating, services: ['appliance-repair'] });
  await mem.teams.register(team('a', 5), ['appliance-repair']);
  await mem.teams.register(team('b', 4), ['appliance-repair']);
});

describe('reassigning when the second write loses', () => {
  it('says why it lost, and gives the old team’s freed unit to a request waiting for it', async () => {
    const first = await submitted(); // offered to a
    await submitted(); // offered to b
    const waiting = await submitted(); // both full
    expect(mem.requests.requests.get(waiting)!.status).toBe('WAITING');
    mem.teams.patch('b', { capacity: 2 });
    // Between the check and the offer, b fills up.
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    mem.requests.reserveOffer = async (r) => (r.teamId === 'b' ? 'team-unavailable' : reserve(r));
    const refused = await reassign(mem, CENTER, first, { teamId: 'b', reason: '队员生病' }).catch((e: unknown) => e);
    expect(refused).toEqual(new ConflictError('Taken back, but the chosen team filled up meanwhile; it waits for automatic dispatch'));
    expect(mem.requests.requests.get(first)).toMatchObject({ status: 'WAITING', excludedTeams: ['a'] });
    // a's unit went to the request that was waiting, not back to the one taken from it.
    expect(mem.requests.requests.get(waiting)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a' } });
  });

  it('tells staff the request changed meanwhile when something else moved it, not that the team filled up', async () => {
    const first = await submitted();
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    mem.requests.reserveOffer = async (r) => (r.teamId === 'b' ? 'request-changed' : reserve(r));
    const refused = await reassign(mem, CENTER, first, { teamId: 'b', reason: '队员生病' }).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('it changed meanwhile');
  });
});

describe('a request’s detail for staff', () => {
  it('has the answers to the service’s own fields by their labels and option names', async () => {
    const submission = parseSubmission(
      validSubmission({
        serviceCode: 'elderly-visit',
        description: '想请人陪老人聊聊天',
        attributes: { livesAlone: true, mobility: 'bedridden' },
      }),
    );
    const { submitted } = await submitRequest(mem, { submission, channel: 'api' });
    const detail = await requestDetail(mem, CENTER, submitted.id);
    expect(detail.answers).toEqual([
      { code: 'livesAlone', label: { zh: '是否独居', en: 'Lives alone' }, value: { zh: '是', en: 'Yes' } },
      { code: 'mobility', label: { zh: '行动能力', en: 'Mobility' }, value: { zh: '卧床', en: 'Bedridden' } },
    ]);
  });
});

describe('the request queue, page by page', () => {
  let now: Date;
  const ids: string[] = [];

  beforeEach(async () => {
    now = new Date('2026-03-10T02:00:00.000Z');
    mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => now } });
    ids.length = 0;
    for (let i = 0; i < 5; i++) {
      // Two of them in the same millisecond: the id orders them.
      if (i !== 3) now = new Date(now.getTime() + 60_000);
      const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission()), channel: 'api' });
      ids.push(submitted.id);
    }
  });

  async function allPages(query: Record<string, string>): Promise<{ pages: string[][]; last: unknown }> {
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listRequests(mem, CENTER, { ...query, limit: '2', ...(after ? { after } : {}) });
      pages.push(page.requests.map((r) => r.id));
      if (!page.truncated) return { pages, last: page };
      expect(page.next).toEqual(expect.any(String));
      after = page.next;
    }
  }

  it('gives every request once, newest first, with `next` for the page after until the last page', async () => {
    const created = (id: string) => mem.requests.requests.get(id)!.createdAt + id;
    const newestFirst = [...ids].sort((a, b) => (created(a) < created(b) ? 1 : -1));
    const { pages, last } = await allPages({});
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(newestFirst);
    expect(last).toEqual({ requests: expect.any(Array), truncated: false });
  });

  it('gives the oldest first when asked, the longest waiting at the top of an overdue list', async () => {
    const { pages } = await allPages({ order: 'oldest' });
    expect(pages.flat()).toEqual([...(await allPages({})).pages.flat()].reverse());
  });

  it('refuses a cursor it did not give', async () => {
    await expect(listRequests(mem, CENTER, { after: 'page-2' })).rejects.toMatchObject({
      issues: [{ field: 'after', message: 'The `next` of the page before' }],
    });
  });
});
