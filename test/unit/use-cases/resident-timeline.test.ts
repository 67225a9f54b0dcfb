import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { Team } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { viewRequest } from '#shared/use-cases/view-request';
import { residentSubmission, teamFixture } from '../../support/fixtures';

const team = (id: string, zh: string, overrides: Partial<Team> = {}): Team =>
  teamFixture(id, { name: { zh, en: `${id} team` }, servesAreaId: '370902', capacity: 5, rating: 4.9, ...overrides });

let mem: MemoryDeps;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-11-29T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  await mem.teams.register(team('a', '瑞迪e修站', { rating: 5 }), ['appliance-repair']);
  await mem.teams.register(team('b', '泰前家电队'), ['appliance-repair']);
});

async function submitted() {
  const { submitted } = await submitRequest(mem, { submission: residentSubmission('appliance-repair'), channel: 'web' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  return submitted;
}

/** Delivers every queued dispatch message, as the queue consumer would. */
async function deliverQueued() {
  for (const m of mem.publisher.sent.splice(0)) await dispatchRequest(mem, m.body as { requestId: string; version: number });
}

/** What the resident reads, in Chinese and English, one line per event. */
async function residentReads(id: string, token: string): Promise<string[]> {
  const view = await viewRequest(mem, id, token);
  return view.timeline.flatMap((e) => [e.message.zh, e.message.en]);
}

describe("the resident's timeline", () => {
  it('names, scores and blames no team before one accepts, where staff keep every detail', async () => {
    const { id, accessToken } = await submitted();
    await declineOffer(mem, id, 'a', 'busy');
    await deliverQueued();
    const again = mem.requests.requests.get(id)!.offer!.teamId;
    await declineOffer(mem, id, again, 'other');
    const staff = mem.requests.events.filter((e) => e.requestId === id).map((e) => e.message.zh);
    expect(staff.join('\n')).toMatch(/瑞迪e修站 婉拒了派单/);
    expect(staff.join('\n')).toMatch(/派给 瑞迪e修站: .*评分/);

    const read = await residentReads(id, accessToken);
    expect(staff).toHaveLength(5);
    for (const line of read) {
      expect(line).not.toMatch(/瑞迪e修站|泰前家电队|a team|b team|空闲 \d|评分|婉拒|未在期限|declined|rating|\d\/\d/);
      expect(line, 'a colon after a Chinese word reads as English').not.toMatch(/[\u4e00-\u9fff]: /);
    }
    expect(read).toContain('已请服务队接单，正在等待答复');
    expect(read).toContain('这个服务队没能接单，正在为您另找服务队');
  });

  it('names the team once it accepts, as the page does', async () => {
    const { id, accessToken } = await submitted();
    await acceptOffer(mem, id, 'a');
    const read = await residentReads(id, accessToken);
    expect(read).toContain('瑞迪e修站 已接单');
    expect(read.filter((line) => line.includes('瑞迪e修站'))).toEqual(['瑞迪e修站 已接单', '瑞迪e修站 accepted']);
  });
});
