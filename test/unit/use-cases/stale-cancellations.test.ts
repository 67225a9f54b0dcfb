import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { outboxKey } from '#shared/adapters/memory/request-repository';
import { noticeId, type NoticeMessage } from '#shared/domain/notices';
import type { Staff } from '#shared/domain/staff';
import type { ChannelTarget } from '#shared/domain/team';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { reassign, cancelByAdmin } from '#shared/use-cases/admin-requests';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { NoticeNotDeliveredError, sendNotice } from '#shared/use-cases/send-notice';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { submitRequest } from '#shared/use-cases/submit-request';
import { claimAsVolunteer } from '#shared/use-cases/wish-claims';
import { publishWish } from '#shared/use-cases/wish-review';
import { KEDA, residentSubmission, teamFixture } from '../../support/fixtures';

// A cancellation that failed for now and comes back from the queue after the request returned
// to whoever it told would say "cancelled, no need to come" about what they hold again.
const hookA: ChannelTarget = { kind: 'webhook', url: 'https://a.example/hook', format: 'json', secret: 'a-secret-of-sixteen+' };
const hookB: ChannelTarget = { kind: 'webhook', url: 'https://b.example/hook', format: 'json', secret: 'b-secret-of-sixteen+' };
const center: Staff = { id: 'c1', name: 'center', role: 'center' };

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const notices = () => mem.publisher.sent.filter((m) => m.queue === 'notify').map((m) => m.body as NoticeMessage);
const version = async (id: string) => (await mem.requests.get(id))!.version;

beforeEach(() => {
  now = new Date('2026-11-29T02:00:00.000Z');
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: Buffer.alloc(32, 7) },
  });
});

/** A fan repair offered to one of two teams; the holder's cancellation, failed once (its webhook answered 503), after staff gave it to the other. */
async function staleOfferCancelled() {
  await mem.teams.register(teamFixture('ruidi', { name: { zh: '瑞迪', en: 'Ruidi' }, channels: [hookA] }), ['appliance-repair']);
  await mem.teams.register(teamFixture('other', { name: { zh: '另一队', en: 'Other' }, channels: [hookB] }), ['appliance-repair']);
  const { submitted } = await submitRequest(deps(), { submission: residentSubmission('appliance-repair'), channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  const id = submitted.id;
  const holder = (await mem.requests.get(id))!.offer!.teamId;
  const other = holder === 'ruidi' ? 'other' : 'ruidi';
  mem.sender.fail = () => new Error('webhook answered 503');
  await reassign(deps(), center, id, { teamId: other, reason: '换队', version: await version(id) });
  const stale = notices().find((n) => n.kind === 'offer-cancelled' && n.teamId === holder)!;
  await expect(sendNotice(deps(), stale)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
  mem.sender.fail = () => undefined;
  mem.sender.sent.length = 0;
  return { id, holder, other, stale };
}

describe('a retried "offer cancelled"', () => {
  it('is not sent to a team offered the request again, nor settled: it is due again at the offer’s deadline', async () => {
    const { id, holder, stale } = await staleOfferCancelled();
    now = new Date(now.getTime() + 5 * 60_000);
    await reassign(deps(), center, id, { teamId: holder, reason: '还是原队', version: await version(id) });
    const offer = (await mem.requests.get(id))!.offer!;
    expect(offer.teamId).toBe(holder);
    expect(await sendNotice(deps(), stale)).toEqual({ kind: 'skipped', reason: 'offered-again' });
    expect(mem.sender.sent.map((s) => s.notice.kind)).not.toContain('offer-cancelled');
    expect(mem.requests.outboxMessages.get(outboxKey(id, noticeId(stale)))?.dueAt).toBe(offer.deadline);
  });

  it('tells a team that had accepted the order, offered it again, once that offer lapses', async () => {
    const { id, holder, other } = await staleOfferCancelled();
    // The holder had accepted before staff gave the order to the other team; its cancellation failed for now.
    await reassign(deps(), center, id, { teamId: holder, reason: '还是原队', version: await version(id) });
    await acceptOffer(deps(), id, holder);
    mem.sender.fail = () => new Error('webhook answered 503');
    await reassign(deps(), center, id, { teamId: other, reason: '再换队', version: await version(id) });
    const taken = notices().findLast((n) => n.kind === 'offer-cancelled' && n.teamId === holder)!;
    await expect(sendNotice(deps(), taken)).rejects.toBeInstanceOf(NoticeNotDeliveredError);
    mem.sender.fail = () => undefined;
    await reassign(deps(), center, id, { teamId: holder, reason: '还是原队', version: await version(id) });
    expect(await sendNotice(deps(), taken)).toEqual({ kind: 'skipped', reason: 'offered-again' });
    // The holder, thinking it still holds its accepted order, lets the new offer lapse.
    now = new Date(Date.parse((await mem.requests.get(id))!.offer!.deadline) + 60_000);
    await sweepDue(deps());
    expect((await mem.requests.get(id))!.offer?.teamId).not.toBe(holder);
    mem.sender.sent.length = 0;
    const before = notices().length;
    await relayOutbox(deps());
    const relayed = notices()
      .slice(before)
      .find((n) => n.kind === 'offer-cancelled' && n.teamId === holder && n.version === taken.version);
    expect(relayed).toBeDefined();
    expect(await sendNotice(deps(), relayed!)).toMatchObject({ kind: 'delivered', sent: 1 });
    expect(mem.sender.sent.map((s) => [s.target, s.notice.kind])).toContainEqual([holder === 'ruidi' ? hookA : hookB, 'offer-cancelled']);
  });

  it('is not sent to a team that accepted the request again', async () => {
    const { id, holder, stale } = await staleOfferCancelled();
    await reassign(deps(), center, id, { teamId: holder, reason: '还是原队', version: await version(id) });
    await acceptOffer(deps(), id, holder);
    expect(await sendNotice(deps(), stale)).toEqual({ kind: 'skipped', reason: 'held-again' });
    expect(mem.sender.sent.map((s) => s.notice.kind)).not.toContain('offer-cancelled');
  });

  it('is still sent while the request is with another team', async () => {
    const { stale } = await staleOfferCancelled();
    expect(await sendNotice(deps(), stale)).toMatchObject({ kind: 'delivered', sent: 1 });
    expect(mem.sender.sent.map((s) => s.notice.kind)).toEqual(['offer-cancelled']);
  });
});

describe('a retried "claim cancelled"', () => {
  it('is not sent to a volunteer who holds the claim again (sent otherwise: send-notice.test)', async () => {
    await mem.volunteers.register({
      id: 'vol1',
      name: '钱志愿',
      phone: '+8613900001111',
      homeAreaId: KEDA,
      registeredAt: now.toISOString(),
      registeredBy: { kind: 'self' },
    });
    const { submitted } = await submitRequest(deps(), { submission: residentSubmission('micro-wish'), channel: 'api' });
    await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
    await publishWish(deps(), center, submitted.id, { text: '一台收音机', wisher: '李奶奶' });
    const claimed = await claimAsVolunteer(deps(), 'vol1', submitted.id);
    await cancelByAdmin(deps(), center, submitted.id, { reason: '居民已自行解决', version: await version(submitted.id) });
    const stale = notices().find((n) => n.kind === 'claim-cancelled')!;
    expect(stale.claimer).toEqual({ kind: 'volunteer', id: 'vol1' });
    // No flow today gives a cancelled wish back to its claimer; the store is set as one would.
    const cancelled = (await mem.requests.get(submitted.id))!;
    mem.requests.requests.set(submitted.id, { ...cancelled, status: 'ACCEPTED', claim: claimed.claim });
    expect(await sendNotice(deps(), stale)).toEqual({ kind: 'skipped', reason: 'held-again' });
    expect(mem.sender.sent).toEqual([]);
  });
});
