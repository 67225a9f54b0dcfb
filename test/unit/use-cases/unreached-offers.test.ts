/**
 * An offer whose team was never reached (its notice undelivered, or the sweep running more than
 * `LATE_SWEEP_MINUTES` after the deadline) is no lapse of the team's: not in its statistics, no
 * cooling-off, no automatic offer used up, offered again at once. A delivered offer that lapses
 * with the sweep on time counts as before (review 77, finding 1).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { NoticeMessage } from '#shared/domain/notices';
import type { ChannelTarget } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { LATE_SWEEP_MINUTES } from '#shared/domain/notices';
import { MisconfiguredDeliveryError, NumberDailyLimitDeliveryError } from '#shared/ports/notification-sender';
import { escalatesAt } from '#shared/domain/dispatch-policy';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { residentSubmission, teamFixture } from '../../support/fixtures';

const MINUTE = 60_000;
const hook = (team: string): ChannelTarget => ({ kind: 'webhook', url: `https://${team}.example/hook`, format: 'json' });

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const request = (id: string) => mem.requests.requests.get(id)!;
const events = (id: string) => mem.requests.events.filter((e) => e.requestId === id);
const releaseFacts = (id: string) => mem.requests.facts.stored.filter((f) => f.requestId === id && f.release);

async function offered(): Promise<string> {
  const { submitted } = await submitRequest(deps(), { submission: residentSubmission('appliance-repair'), channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  return submitted.id;
}

/** The consumer delivers the notice of the request's open offer, as send-notifications would. */
async function deliverOffer(id: string) {
  const body = mem.publisher.sent.map((m) => m.body as NoticeMessage).find((n) => n.requestId === id && n.version === request(id).version);
  expect(body?.kind).toBe('offer');
  expect(await sendNotice(deps(), body!)).toMatchObject({ kind: 'delivered', sent: 1 });
}

beforeEach(async () => {
  now = new Date('2026-11-30T01:00:00.000Z'); // a Monday, 09:00 Beijing
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: Buffer.alloc(32, 7) },
  });
  for (const [id, rating] of [
    ['a', 5],
    ['b', 4.5],
    ['c', 4],
  ] as const)
    await mem.teams.register(teamFixture(id, { servesAreaId: '370902', capacity: 1, rating, channels: [hook(id)] }), ['appliance-repair']);
});

describe('an offer whose notice never went out (the notify path down)', () => {
  it('ends as no lapse of the team: no statistics, no cooling-off, no automatic offer used, offered again at once', async () => {
    const id = await offered();
    const first = request(id).offer!;
    expect(first.teamId).toBe('a');
    now = new Date(Date.parse(first.deadline) + 1000);
    expect(await sweepDue(deps())).toMatchObject({ unreached: 1, lapsed: 0 });
    const ended = events(id).find((e) => e.status === 'WAITING')!;
    expect(ended).toMatchObject({
      actor: 'system',
      message: { zh: '未能通知到 a，派单已收回；正在重新派单', en: 'a was not reached; offer withdrawn; offering it again' },
    });
    expect(ended.release).toBeUndefined();
    expect(releaseFacts(id)).toEqual([]);
    // The team never saw it: no cooling-off, and it is offered again at once with a fresh window.
    expect((request(id).coolingOff?.a ?? '') <= now.toISOString()).toBe(true);
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a', offeredAt: now.toISOString() }, offersWithdrawn: 1 });
    expect(request(id).offer!.deadline > now.toISOString()).toBe(true);
  });

  it('a whole service day of it does not use up the automatic offers nor send the request to the center', async () => {
    const id = await offered();
    for (let i = 0; i < 4; i++) {
      now = new Date(Date.parse(request(id).offer!.deadline) + 1000);
      expect(await sweepDue(deps())).toMatchObject({ unreached: 1, lapsed: 0, escalated: 0 });
    }
    const r = request(id);
    expect(r.status).toBe('OFFERED');
    expect((r.offersMade ?? 0) - (r.offersWithdrawn ?? 0)).toBe(1);
    expect(events(id).filter((e) => e.release)).toEqual([]);
    expect(releaseFacts(id)).toEqual([]);
  });
});

describe('a team that stays unreachable (review 79, finding 1)', () => {
  it('is offered the request again once, then cools off so that the next team gets its turn', async () => {
    const id = await offered();
    mem.sender.fail = (target) =>
      target.kind === 'webhook' && target.url.includes('//a.') ? new Error('webhook answered 502') : undefined;
    const teams: string[] = [];
    for (let i = 0; i < 2; i++) {
      teams.push(request(id).offer!.teamId);
      const body = mem.publisher.sent
        .map((m) => m.body as NoticeMessage)
        .find((n) => n.kind === 'offer' && n.version === request(id).version)!;
      await sendNotice(deps(), body).catch(() => undefined); // a's webhook fails for now
      now = new Date(Date.parse(request(id).offer!.deadline) + 1000);
      expect(await sweepDue(deps())).toMatchObject({ unreached: 1, lapsed: 0 });
    }
    expect(teams).toEqual(['a', 'a']);
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'b' } });
    expect(request(id).coolingOff?.a).toBe(new Date(now.getTime() + 120 * MINUTE).toISOString());
  });

  it('ends its row once it accepts: a later unreached offer of the request is the first again', async () => {
    const id = await offered();
    now = new Date(Date.parse(request(id).offer!.deadline) + 1000);
    await sweepDue(deps());
    expect(request(id).unreachedInARow).toEqual({ teamId: 'a', count: 1 });
    await acceptOffer(deps(), id, 'a');
    expect(request(id)).toMatchObject({ status: 'ACCEPTED' });
    expect(request(id).unreachedInARow).toBeUndefined();
  });

  it('an urgent request nobody can be reached about goes to the center at its escalation time, not offered for good', async () => {
    const { submitted } = await submitRequest(deps(), {
      submission: { ...residentSubmission('appliance-repair'), urgency: 'urgent' } as never,
      channel: 'api',
    });
    await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
    const id = submitted.id;
    const escalation = escalatesAt(request(id), await mem.catalog.getService('appliance-repair'));
    for (let i = 0; i < 60 && ['OFFERED', 'WAITING'].includes(request(id).status); i++) {
      const r = request(id);
      now = new Date(r.status === 'OFFERED' ? Date.parse(r.offer!.deadline) + 1000 : Date.parse(r.dueAt!));
      await sweepDue(deps());
    }
    expect(request(id).status).toBe('ESCALATED');
    expect(now.toISOString() >= escalation).toBe(true);
    expect(releaseFacts(id)).toEqual([]);
  });
});

describe('an offer every channel refused for good (review 79, finding 2)', () => {
  const sms: ChannelTarget = { kind: 'sms', phone: '+8613800000001' };
  const offerNotice = (id: string) =>
    mem.publisher.sent.map((m) => m.body as NoticeMessage).find((n) => n.requestId === id && n.kind === 'offer')!;

  it('by the provider’s daily limit for the number: kept unsent, not sent again, and the team is not charged with a lapse', async () => {
    mem.teams.patch('a', { channels: [sms] });
    const id = await offered();
    let tries = 0;
    mem.sender.fail = () => {
      tries++;
      return new NumberDailyLimitDeliveryError('SMS refused by Tencent Cloud for today (LimitExceeded.PhoneNumberDailyLimit)');
    };
    expect(await sendNotice(deps(), offerNotice(id))).toMatchObject({ kind: 'delivered', sent: 0, refused: 1, keptUnsent: true });
    // A second copy (SQS delivers at least once) tries no target again.
    expect(await sendNotice(deps(), offerNotice(id))).toMatchObject({ kind: 'delivered', sent: 0, refused: 0 });
    expect(tries).toBe(1);
    // Nor does the relay send it again before its deadline.
    now = new Date(now.getTime() + 30 * MINUTE);
    expect((await relayOutbox(deps())).relayed.filter((m) => m.endsWith('-offer'))).toEqual([]);
    now = new Date(Date.parse(request(id).offer!.deadline) + 1000);
    expect(await sweepDue(deps())).toMatchObject({ unreached: 1, lapsed: 0 });
    expect(releaseFacts(id)).toEqual([]);
    expect((request(id).coolingOff?.a ?? '') <= now.toISOString()).toBe(true);
  });

  it('by the team’s own webhook (a 4xx): the team had its chance, so it lapses as before', async () => {
    const id = await offered();
    mem.sender.fail = () => new MisconfiguredDeliveryError('webhook answered 404');
    expect(await sendNotice(deps(), offerNotice(id))).toMatchObject({ kind: 'delivered', sent: 0, refused: 1 });
    now = new Date(Date.parse(request(id).offer!.deadline) + 1000);
    expect(await sweepDue(deps())).toMatchObject({ unreached: 0, lapsed: 1 });
  });
});

describe('the relay and the consumer at an unsent offer’s deadline', () => {
  it('keep its notice, unsent, until the sweep has read it: run first, the offer is still unreached, and the notice is then dropped, not counted as given up (review 79, finding 3)', async () => {
    const id = await offered();
    const deadline = request(id).offer!.deadline;
    const notice = mem.publisher.sent.map((m) => m.body as NoticeMessage).find((n) => n.requestId === id && n.kind === 'offer')!;
    now = new Date(Date.parse(deadline) + 1000);
    // A late queue copy and the relay both come before the sweep this minute.
    expect(await sendNotice(deps(), notice)).toMatchObject({ kind: 'skipped', reason: 'too-late' });
    expect(await relayOutbox(deps())).toMatchObject({ dropped: [], givenUp: [] });
    expect(await sweepDue(deps())).toMatchObject({ unreached: 1, lapsed: 0 });
    expect(releaseFacts(id)).toEqual([]);
    // The sweep has read it and made the offer again: the relay drops the notice nobody got, and a
    // late copy skips it, neither counting it for staff to follow up by hand.
    now = new Date(Date.parse(deadline) + LATE_SWEEP_MINUTES * MINUTE);
    expect(await sendNotice(deps(), notice)).toEqual({ kind: 'skipped', reason: 'too-late' });
    expect(request(id).status).toBe('OFFERED');
    expect(await relayOutbox(deps())).toMatchObject({ givenUp: [] });
  });
});

describe('an offer whose notice went out', () => {
  it('lapsing with the sweep on time (up to 10 minutes late) counts as the team’s lapse, as before', async () => {
    const id = await offered();
    await deliverOffer(id);
    now = new Date(Date.parse(request(id).offer!.deadline) + LATE_SWEEP_MINUTES * MINUTE);
    expect(await sweepDue(deps())).toMatchObject({ lapsed: 1, unreached: 0 });
    expect(events(id).find((e) => e.status === 'WAITING')).toMatchObject({
      release: { cause: 'timeout' },
      message: { zh: 'a 未在期限内接单；正在寻找其他服务队' },
    });
    expect(releaseFacts(id)).toMatchObject([{ teamId: 'a', release: { cause: 'timeout' } }]);
    expect(request(id).coolingOff?.a).toBe(new Date(now.getTime() + 120 * MINUTE).toISOString());
    // It waits for its dispatch message (another team), its one automatic offer used.
    expect(request(id)).toMatchObject({ status: 'WAITING', offersMade: 1 });
    expect(request(id).offersWithdrawn).toBeUndefined();
  });

  it('swept more than 10 minutes after its deadline (the system was away) is no lapse of the team’s', async () => {
    const id = await offered();
    await deliverOffer(id);
    now = new Date(Date.parse(request(id).offer!.deadline) + LATE_SWEEP_MINUTES * MINUTE + 1);
    expect(await sweepDue(deps())).toMatchObject({ unreached: 1, lapsed: 0 });
    expect(releaseFacts(id)).toEqual([]);
    expect(request(id)).toMatchObject({ status: 'OFFERED', offer: { teamId: 'a', offeredAt: now.toISOString() }, offersWithdrawn: 1 });
  });

  it('to one channel of the team, another failing for now, counts: the team was told', async () => {
    mem.teams.patch('a', { channels: [hook('a'), hook('a2')] });
    const id = await offered();
    mem.sender.fail = (target) => (target.kind === 'webhook' && target.url.includes('a2') ? new Error('down') : undefined);
    const body = mem.publisher.sent.map((m) => m.body as NoticeMessage).find((n) => n.requestId === id && n.kind === 'offer')!;
    await expect(sendNotice(deps(), body)).rejects.toThrow('1 of 2 targets failed');
    now = new Date(Date.parse(request(id).offer!.deadline) + 1000);
    expect(await sweepDue(deps())).toMatchObject({ lapsed: 1, unreached: 0 });
  });
});
