/**
 * Quiet hours at the consumer and the relay, on the memory ports: a resident's notice made late in
 * the evening is held until 07:00 Beijing and sent then; the tracking code and a team's offer go at once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { outboxKey } from '#shared/adapters/memory/request-repository';
import { noticeId, type NoticeMessage } from '#shared/domain/notices';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { residentSubmission, teamFixture } from '../../support/fixtures';

const LATE_EVENING = new Date('2026-11-29T14:30:00.000Z'); // 22:30 Beijing
const MORNING = '2026-11-29T23:00:00.000Z'; // 07:00 Beijing
const HELD_MS = Date.parse(MORNING) - LATE_EVENING.getTime();

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const notices = () => mem.publisher.sent.filter((m) => m.queue === 'notify').map((m) => m.body as NoticeMessage);
const toResident = () => mem.sender.sent.filter((s) => s.target.kind === 'sms');

/** A resident's repair request submitted and dispatched now, by staff (代点单): a tracking code by SMS. */
async function submitted(): Promise<string> {
  const { submitted } = await submitRequest(deps(), {
    submission: residentSubmission('appliance-repair'),
    channel: 'proxy',
    proxiedBy: 'staff',
  });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  return submitted.id;
}

beforeEach(() => {
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: Buffer.alloc(32, 7) },
  });
  now = LATE_EVENING;
});

describe('a notice made late in the evening', () => {
  it('tells the resident the tracking code, and the team the offer, at once', async () => {
    await mem.teams.register(teamFixture('ruidi', { channels: [{ kind: 'sms', phone: '+8613900001111' }] }), ['appliance-repair']);
    await submitted();
    const [received, offer] = [notices().find((n) => n.kind === 'received')!, notices().find((n) => n.kind === 'offer')!];
    expect(await sendNotice(deps(), received)).toMatchObject({ kind: 'delivered', sent: 1 });
    expect(await sendNotice(deps(), offer)).toMatchObject({ kind: 'delivered', sent: 1 });
  });

  it('to the resident (a team accepted at 22:30) is held until 07:00, its give-up time moved on as long, and sent then', async () => {
    await mem.teams.register(teamFixture('ruidi'), ['appliance-repair']);
    const id = await submitted();
    await acceptOffer(deps(), id, 'ruidi');
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'quiet-hours' });
    expect(toResident()).toEqual([]);
    const moved = new Date(Date.parse(accepted.giveUpAt) + HELD_MS).toISOString();
    const held = mem.requests.outboxMessages.get(outboxKey(id, noticeId(accepted)))!;
    expect({ dueAt: held.dueAt, giveUpAt: held.giveUpAt, body: held.body.giveUpAt }).toEqual({
      dueAt: MORNING,
      giveUpAt: moved,
      body: moved,
    });

    // Nothing of it at 06:59; at 07:00 the relay sends it, and its consumer delivers it.
    now = new Date(Date.parse(MORNING) - 60_000);
    expect((await relayOutbox(deps())).relayed).not.toContain(noticeId(accepted));
    now = new Date(MORNING);
    expect((await relayOutbox(deps())).relayed).toContain(noticeId(accepted));
    const copy = mem.publisher.sent.at(-1)!.body as NoticeMessage;
    expect(copy).toEqual({ ...accepted, giveUpAt: moved });
    expect(await sendNotice(deps(), copy)).toMatchObject({ kind: 'delivered', sent: 1 });
    expect(toResident()).toHaveLength(1);
  });

  it('to the resident goes at once on the local stack, which has no quiet hours (`PAIDAN_QUIET_HOURS=off`)', async () => {
    await mem.teams.register(teamFixture('ruidi'), ['appliance-repair']);
    await acceptOffer(deps(), await submitted(), 'ruidi');
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    expect(await sendNotice({ ...deps(), quietHours: false }, accepted)).toMatchObject({ kind: 'delivered', sent: 1 });
  });

  it('to the resident (escalated at 22:30: no team serves the area) whose direct send failed is held by the relay, not sent at night', async () => {
    mem.publisher.failing = true;
    const id = await submitted();
    expect(mem.requests.requests.get(id)!.status).toBe('ESCALATED');
    mem.publisher.failing = false;
    now = new Date(LATE_EVENING.getTime() + 5 * 60_000);
    const run = await relayOutbox(deps());
    expect(run.held).toEqual(['notice-v2-escalated']);
    expect(notices().filter((n) => n.kind === 'escalated')).toEqual([]);
    expect(mem.requests.outboxMessages.get(outboxKey(id, 'notice-v2-escalated'))!.dueAt).toBe(MORNING);
  });
});
