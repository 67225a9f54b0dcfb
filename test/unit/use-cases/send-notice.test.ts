import { beforeEach, describe, expect, it } from 'vitest';
import { LATE_SWEEP_MINUTES, noticeId, type NoticeMessage } from '#shared/domain/notices';
import { checkOfferLink } from '#shared/domain/offer-link';
import type { ChannelTarget } from '#shared/domain/team';
import { MisconfiguredDeliveryError, PermanentDeliveryError, RecipientRefusedDeliveryError } from '#shared/ports/notification-sender';
import { REFUSED_FOR_GOOD, REFUSED_NUMBERS, refusalFields } from '#shared/observability/refusals';
import { GIVEN_UP } from '#shared/observability/given-up';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { NoticeNotDeliveredError, sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { cancelByAdmin } from '#shared/use-cases/admin-requests';
import { claimAsVolunteer } from '#shared/use-cases/wish-claims';
import { publishWish } from '#shared/use-cases/wish-review';
import { claimForUnit } from '#shared/use-cases/work-units';
import { KEDA, residentSubmission, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { outboxKey } from '#shared/adapters/memory/request-repository';

const SECRET = Buffer.alloc(32, 7);
const hookA: ChannelTarget = { kind: 'webhook', url: 'https://a.example/hook', format: 'json', secret: 'a-secret-of-sixteen+' };
const hookB: ChannelTarget = { kind: 'webhook', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', format: 'wecom' };

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let publisher: MemoryDeps['publisher'];
let sender: MemoryDeps['sender'];
let now: Date;

const deps = () => ({
  ...mem,
  requests: announcingChanges(store, mem.clock, publisher),
  publicUrl: 'https://api.example',
});

/** The relay's outcome for notices (the facts for the statistics ride the same outbox). */
const notifyOnly = ({ relayed, dropped }: { relayed: string[]; dropped: string[] }) => ({
  relayed: relayed.filter((id) => id.startsWith('notice-')),
  dropped: dropped.filter((id) => id.startsWith('notice-')),
});
const notices = () => publisher.sent.filter((m) => m.queue === 'notify').map((m) => m.body as NoticeMessage);

/** A resident's request, dispatched: an appliance repair offered to a team, or a micro-wish in review. */
async function dispatched(serviceCode: 'appliance-repair' | 'micro-wish', given: Record<string, unknown> = {}) {
  const { submitted } = await submitRequest(deps(), { submission: residentSubmission(serviceCode, given), channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  return submitted;
}

async function offered(given: Record<string, unknown> = {}): Promise<string> {
  await mem.teams.register(teamFixture('ruidi', { name: { zh: '瑞迪维修队', en: 'Ruidi' }, channels: [hookA, hookB] }), [
    'appliance-repair',
  ]);
  return (await dispatched('appliance-repair', given)).id;
}

beforeEach(() => {
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: SECRET },
  });
  store = mem.requests;
  publisher = mem.publisher;
  sender = mem.sender;
  now = new Date('2026-11-29T02:00:00.000Z');
});

describe('notices written with status changes', () => {
  it('commits the offer notice with the offer and sends it at once', async () => {
    const id = await offered();
    expect(notices()).toEqual([
      { requestId: id, version: 2, kind: 'offer', teamId: 'ruidi', giveUpAt: store.requests.get(id)!.offer!.deadline },
    ]);
    expect(store.outboxMessages.has(outboxKey(id, 'notice-v2-offer'))).toBe(true);
  });

  it('still commits the notice when the queue is down; the relay sends it until its give-up time, then drops it', async () => {
    publisher.failing = true;
    const id = await offered();
    expect(store.outboxMessages.get(outboxKey(id, 'notice-v2-offer'))).toMatchObject({ queue: 'notify' });
    publisher.failing = false;
    now = new Date(now.getTime() + 61_000);
    expect(notifyOnly(await relayOutbox(deps()))).toEqual({ relayed: ['notice-v2-offer'], dropped: [] });
    const deadline = Date.parse(store.requests.get(id)!.offer!.deadline);
    now = new Date(deadline + 1);
    // Past its deadline, not sent again, and kept until the sweep has read it as never told.
    expect(notifyOnly(await relayOutbox(deps()))).toEqual({ relayed: [], dropped: [] });
    now = new Date(deadline + LATE_SWEEP_MINUTES * 60_000);
    const late = await relayOutbox(deps());
    expect(notifyOnly(late)).toEqual({ relayed: [], dropped: ['notice-v2-offer'] });
    // Its team was never told, but the sweep has ended the offer as unreached and made it again: nothing to follow up by hand.
    expect(late.givenUp).toEqual([]);
    expect(store.outboxMessages.has(outboxKey(id, 'notice-v2-offer'))).toBe(false);
  });
});

describe('sending a notice', () => {
  it('sends an offer to every channel of the team, masked, with links signed until the deadline, then settles it', async () => {
    const id = await offered();
    const outcome = await sendNotice(deps(), notices()[0]!);
    expect(outcome).toEqual({ kind: 'delivered', sent: 2, alreadySent: 0, refused: 0 });
    expect(sender.sent.map((s) => s.target)).toEqual([hookA, hookB]);
    const notice = sender.sent[0]!.notice;
    expect(notice.text).toContain('小家电维修，泰山区泰前街道科大社区，居民周**');
    expect(notice.text).not.toContain('13300003333');
    expect(notice.text).not.toContain('2号楼');
    const link = new URL((notice.data.links as { view: string }).view);
    expect(link.origin + link.pathname).toBe(`https://api.example/offers/${id}`);
    expect(checkOfferLink(id, Object.fromEntries(link.searchParams), { id: 'k', secret: SECRET }, now)).toBe('valid');
    expect(Number(link.searchParams.get('exp')) * 1000).toBe(Date.parse(store.requests.get(id)!.offer!.deadline));
    expect(store.outboxMessages.has(outboxKey(id, 'notice-v2-offer'))).toBe(false);
  });

  it('carries nothing of the description or the answers: no phone number however written, no address', async () => {
    await offered({
      description: '风扇不转，请打幺三八一二三四五六七八，我家在财源街道13号楼2单元501室',
      attributes: { applianceType: 'fan', model: '美的 一三九八七六五四三二一，Room 501, Building 13' },
    });
    await sendNotice(deps(), notices()[0]!);
    const notice = sender.sent[0]!.notice;
    const everything = JSON.stringify(notice);
    expect(notice.text).toContain('居民周**');
    for (const shown of ['幺三八', '五六七八', '一三九', '13号楼', '501室', 'Room 501', '风扇不转', '美的'])
      expect(everything).not.toContain(shown);
  });

  it('sends each target once however often the notice arrives', async () => {
    await offered();
    await sendNotice(deps(), notices()[0]!);
    expect(await sendNotice(deps(), notices()[0]!)).toEqual({ kind: 'skipped', reason: 'settled' });
    expect(sender.sent).toHaveLength(2);
  });

  it('says which sends it could not record when another target failed, since a later copy may send them again', async () => {
    await offered();
    sender.fail = (t) => (t === hookA ? new Error('webhook answered 503') : undefined);
    const noticeDeliveries = {
      deliver: async (...args: Parameters<MemoryDeps['noticeDeliveries']['deliver']>) => {
        const results = await mem.noticeDeliveries.deliver(...args);
        if (results === 'settled') throw new Error('the notice is not settled yet');
        return results.map((r) => (r.status === 'fulfilled' ? { ...r, value: { ...r.value, unrecorded: true as const } } : r));
      },
    };
    const failed = await sendNotice({ ...deps(), noticeDeliveries }, notices()[0]!).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(NoticeNotDeliveredError);
    expect(failed).toMatchObject({ failed: 1, of: 2, unrecorded: 1 });
    expect((failed as Error).message).toBe('1 of 2 targets failed for now (Error); 1 sent now could not be recorded and may be sent again');
  });

  it('does not let a failing target block the others, and retries only the failing one', async () => {
    const id = await offered();
    sender.fail = (t) => (t === hookA ? new Error('webhook answered 503') : undefined);
    await expect(sendNotice(deps(), notices()[0]!)).rejects.toThrow(NoticeNotDeliveredError);
    expect(sender.sent.map((s) => s.target)).toEqual([hookB]);
    expect(store.outboxMessages.has(outboxKey(id, 'notice-v2-offer'))).toBe(true);
    sender.fail = () => undefined;
    expect(await sendNotice(deps(), notices()[0]!)).toEqual({ kind: 'delivered', sent: 1, alreadySent: 1, refused: 0 });
    expect(sender.sent.map((s) => s.target)).toEqual([hookB, hookA]);
  });

  it('gives up on a target that refuses for good, and settles', async () => {
    await offered();
    sender.fail = (t) => (t === hookA ? new PermanentDeliveryError('webhook answered 410') : undefined);
    expect(await sendNotice(deps(), notices()[0]!)).toEqual({
      kind: 'delivered',
      sent: 1,
      alreadySent: 0,
      refused: 1,
      refusals: ['webhook answered 410'],
    });
    expect(await sendNotice(deps(), notices()[0]!)).toEqual({ kind: 'skipped', reason: 'settled' });
    expect([...store.outboxMessages.values()]).toEqual([]);
  });

  it('counts for the alarm only what an operator or the team can fix; a refused number is counted apart, a missing template not at all', async () => {
    const id = await offered();
    await acceptOffer(deps(), id, 'ruidi');
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    sender.fail = () => new RecipientRefusedDeliveryError('SMS refused by Alibaba Cloud (isv.MOBILE_NUMBER_ILLEGAL)');
    const mistyped = await sendNotice(deps(), accepted);
    if (mistyped.kind !== 'delivered') throw new Error(mistyped.reason);
    expect(mistyped).toMatchObject({
      refused: 1,
      recipientRefused: 1,
      refusals: ['SMS refused by Alibaba Cloud (isv.MOBILE_NUMBER_ILLEGAL)'],
    });
    expect(refusalFields(mistyped)).toEqual({ [REFUSED_NUMBERS]: 1 });
    await dispatched('appliance-repair');
    const offer = notices()
      .filter((n) => n.kind === 'offer')
      .at(-1)!;
    sender.fail = (t) =>
      t === hookA ? new MisconfiguredDeliveryError('webhook answered 404') : new PermanentDeliveryError('webhook answered 400');
    const gone = await sendNotice(deps(), offer);
    if (gone.kind !== 'delivered') throw new Error(gone.reason);
    expect(gone).toMatchObject({ refused: 2, misconfigured: 1 });
    expect([...(gone.refusals ?? [])].sort()).toEqual(['webhook answered 400', 'webhook answered 404']);
    expect(refusalFields(gone)).toEqual({ [REFUSED_FOR_GOOD]: 1 });
  });

  it('says why a provider refused for good (its code), for the warning and the alarm, never a phone', async () => {
    const id = await offered();
    await acceptOffer(deps(), id, 'ruidi');
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    sender.fail = () => new MisconfiguredDeliveryError('SMS refused by Alibaba Cloud (isv.SMS_TEMPLATE_ILLEGAL)');
    expect(await sendNotice(deps(), accepted)).toMatchObject({
      refused: 1,
      misconfigured: 1,
      refusals: ['SMS refused by Alibaba Cloud (isv.SMS_TEMPLATE_ILLEGAL)'],
    });
    // A message that carried a number would have it cut.
    sender.fail = () => new PermanentDeliveryError('number +8613300003333 refused');
    const received = (
      await submitRequest(deps(), { submission: residentSubmission('appliance-repair'), channel: 'proxy', proxiedBy: 'staff' })
    ).submitted;
    const notice = notices().find((n) => n.kind === 'received' && n.requestId === received.id)!;
    expect(await sendNotice(deps(), notice)).toMatchObject({ refusals: ['number +… refused'] });
  });

  it('drops an offer notice once that offer is over, and any notice past its give-up time', async () => {
    const id = await offered();
    const offer = notices()[0]!;
    await acceptOffer(deps(), id, 'ruidi');
    expect(await sendNotice(deps(), offer)).toEqual({ kind: 'skipped', reason: 'offer-over' });
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    now = new Date(Date.parse(accepted.giveUpAt) + 1);
    // Counted as given up (the consumer's warning and its alarm): nobody will send it.
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'too-late', [GIVEN_UP]: 1 });
    expect(sender.sent).toEqual([]);
    expect(store.outboxMessages.has(outboxKey(id, noticeId(accepted)))).toBe(false);
  });

  it('sends nothing of "a team accepted" retried after the resident cancelled, and settles it', async () => {
    await mem.teams.register(teamFixture('ruidi', { name: { zh: '瑞迪维修队', en: 'Ruidi' } }), ['appliance-repair']);
    const { id, accessToken } = await dispatched('appliance-repair');
    await acceptOffer(deps(), id, 'ruidi');
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    sender.fail = () => new Error('SNS throttled');
    await expect(sendNotice(deps(), accepted)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    sender.fail = () => undefined;
    await cancelRequest(deps(), id, accessToken);
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'moved-on' });
    expect(sender.sent).toEqual([]);
    expect(store.outboxMessages.has(outboxKey(id, noticeId(accepted)))).toBe(false);
  });

  it('sends nothing of "received" (代点单) retried after the request was cancelled', async () => {
    const submission = residentSubmission('appliance-repair');
    const { submitted } = await submitRequest(deps(), { submission, channel: 'proxy', proxiedBy: 'staff' });
    const received = notices().find((n) => n.kind === 'received')!;
    await cancelRequest(deps(), submitted.id, submitted.accessToken);
    expect(await sendNotice(deps(), received)).toEqual({ kind: 'skipped', reason: 'moved-on' });
    expect(sender.sent).toEqual([]);
  });

  it('texts the resident’s own phone when a team accepts', async () => {
    const id = await offered();
    await acceptOffer(deps(), id, 'ruidi');
    const accepted = notices().find((n) => n.kind === 'accepted')!;
    expect(accepted).toMatchObject({ requestId: id, version: 3 });
    await sendNotice(deps(), accepted);
    expect(sender.sent).toEqual([
      { target: { kind: 'sms', phone: '+8613300003333' }, notice: expect.objectContaining({ kind: 'accepted' }) },
    ]);
    expect(sender.sent[0]!.notice.text).toContain('瑞迪维修队');
  });

  it('texts the volunteer or the work unit whose claimed wish was cancelled, naming the wish and nothing of the wisher', async () => {
    const center = { id: 'center', name: 'center', role: 'center' } as const;
    const wish = async () => {
      const submitted = await dispatched('micro-wish');
      await publishWish(deps(), center, submitted.id, { text: '一台收音机', wisher: '李奶奶' });
      return submitted;
    };
    const claimCancelled = async (id: string) => {
      const found = notices().filter((n) => n.kind === 'claim-cancelled' && n.requestId === id);
      expect(found).toHaveLength(1);
      sender.sent.length = 0;
      await sendNotice(deps(), found[0]!);
      return sender.sent;
    };

    // A volunteer's claim, cancelled by the resident.
    await mem.volunteers.register({
      id: 'vol1',
      name: '钱志愿',
      phone: '+8613900001111',
      homeAreaId: KEDA,
      registeredAt: now.toISOString(),
      registeredBy: { kind: 'self' },
    });
    const mine = await wish();
    await claimAsVolunteer(deps(), 'vol1', mine.id);
    await cancelRequest(deps(), mine.id, mine.accessToken);
    const toVolunteer = await claimCancelled(mine.id);
    expect(toVolunteer).toEqual([
      { target: { kind: 'sms', phone: '+8613900001111' }, notice: expect.objectContaining({ kind: 'claim-cancelled' }) },
    ]);
    const { text } = toVolunteer[0]!.notice;
    expect(text).toContain('您认领的微心愿');
    expect(text).toContain('取消');
    for (const secret of ['李秀珍', '13300004444', '3号楼', '想听戏']) expect(text).not.toContain(secret);
    expect([...text].length).toBeLessThanOrEqual(134);

    // A work unit's claim, cancelled by staff: its contact phone is told.
    await mem.units.register({
      id: 'unit1',
      name: '某公司党支部',
      areaId: '370902',
      contactName: '周经理',
      contactPhone: '+8613800001111',
      maxOpenClaims: 5,
      registeredAt: now.toISOString(),
      registeredBy: 'center',
    });
    const theirs = await wish();
    await claimForUnit(deps(), center, theirs.id, { unitId: 'unit1' });
    await cancelByAdmin(deps(), center, theirs.id, { reason: '居民已自行解决', version: (await deps().requests.get(theirs.id))!.version });
    expect(await claimCancelled(theirs.id)).toEqual([
      { target: { kind: 'sms', phone: '+8613800001111' }, notice: expect.objectContaining({ kind: 'claim-cancelled' }) },
    ]);
  });
});

describe('given up: counted once, and only for a notice nobody got', () => {
  /** A team's accepted order, cancelled by the resident: the team's `offer-cancelled`, to its two channels. */
  async function teamCancelled(): Promise<NoticeMessage> {
    await mem.teams.register(teamFixture('ruidi', { name: { zh: '瑞迪维修队', en: 'Ruidi' }, channels: [hookA, hookB] }), [
      'appliance-repair',
    ]);
    const { id, accessToken } = await dispatched('appliance-repair');
    await acceptOffer(deps(), id, 'ruidi');
    await cancelRequest(deps(), id, accessToken);
    // The notices before it settled (sent, or over), so the relay meets only this one.
    for (const before of notices().filter((n) => n.kind !== 'offer-cancelled')) await sendNotice(deps(), before);
    sender.sent.length = 0;
    return notices().find((n) => n.kind === 'offer-cancelled')!;
  }

  async function acceptedNotice(): Promise<NoticeMessage> {
    const id = await offered();
    await sendNotice(deps(), notices()[0]!);
    await acceptOffer(deps(), id, 'ruidi');
    sender.sent.length = 0;
    return notices().find((n) => n.kind === 'accepted')!;
  }

  it('a copy of a notice already sent, arriving after its give-up time, is settled, not given up', async () => {
    const accepted = await acceptedNotice();
    expect(await sendNotice(deps(), accepted)).toMatchObject({ kind: 'delivered', sent: 1 });
    now = new Date(Date.parse(accepted.giveUpAt) + 1);
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'settled' });
  });

  it('a notice never sent is counted once: by the relay that dropped it, not again by its late queue copies', async () => {
    const accepted = await acceptedNotice();
    sender.fail = () => new Error('SNS throttled');
    await expect(sendNotice(deps(), accepted)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    now = new Date(Date.parse(accepted.giveUpAt) + 1);
    expect((await relayOutbox(deps())).givenUp).toEqual([{ requestId: accepted.requestId, kind: 'accepted' }]);
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'settled' });
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'settled' });
  });

  it('a notice never sent is counted once: by its late queue copy that removed it, not again by the relay or another copy', async () => {
    const accepted = await acceptedNotice();
    sender.fail = () => new Error('SNS throttled');
    await expect(sendNotice(deps(), accepted)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    now = new Date(Date.parse(accepted.giveUpAt) + 1);
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'too-late', [GIVEN_UP]: 1 });
    expect(await sendNotice(deps(), accepted)).toEqual({ kind: 'skipped', reason: 'settled' });
    expect((await relayOutbox(deps())).givenUp).toEqual([]);
  });

  it('a team notice one of whose two channels got it is not given up: the relay drops it uncounted', async () => {
    const cancelled = await teamCancelled();
    sender.fail = (t) => (t === hookA ? new Error('webhook answered 503') : undefined);
    await expect(sendNotice(deps(), cancelled)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    expect(sender.sent.map((s) => s.target)).toEqual([hookB]);
    now = new Date(Date.parse(cancelled.giveUpAt) + 1);
    const relay = await relayOutbox(deps());
    expect(notifyOnly(relay).dropped).toEqual([noticeId(cancelled)]);
    expect(relay.givenUp).toEqual([]);
  });

  it('a team notice one of whose two channels got it is not given up by its late copy either', async () => {
    const cancelled = await teamCancelled();
    sender.fail = (t) => (t === hookA ? new Error('webhook answered 503') : undefined);
    await expect(sendNotice(deps(), cancelled)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    now = new Date(Date.parse(cancelled.giveUpAt) + 1);
    expect(await sendNotice(deps(), cancelled)).toEqual({ kind: 'skipped', reason: 'too-late' });
  });

  it('an offer that reached neither channel is dropped by its late copy, not counted: the sweep ends it as unreached and makes it again', async () => {
    const id = await offered();
    const offer = notices()[0]!;
    sender.fail = () => new Error('webhook answered 503');
    await expect(sendNotice(deps(), offer)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    now = new Date(Date.parse(offer.giveUpAt) + 1);
    // Left for the sweep to read as never told, then for the relay to drop.
    expect(await sendNotice(deps(), offer)).toEqual({ kind: 'skipped', reason: 'too-late' });
    expect(store.outboxMessages.has(outboxKey(id, noticeId(offer)))).toBe(true);
    now = new Date(Date.parse(offer.giveUpAt) + LATE_SWEEP_MINUTES * 60_000);
    expect(await sendNotice(deps(), offer)).toEqual({ kind: 'skipped', reason: 'too-late' });
    expect(store.outboxMessages.has(outboxKey(id, noticeId(offer)))).toBe(false);
  });
});
