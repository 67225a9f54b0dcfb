import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors';
import { parseCompletion } from '#shared/domain/completion';
import { signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { reassign } from '#shared/use-cases/admin-requests';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { releaseOffer } from '#shared/use-cases/release-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { acceptByLink, CONTACT_GRACE_HOURS, declineByLink, viewTeamOffer } from '#shared/use-cases/team-offer';
import { completeRequest } from '#shared/use-cases/team-work';
import { teamFixture } from '../../support/fixtures';
import { offeredRadio } from '../../support/offered-radio';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';

const HOUR = 3_600_000;
const KEY = { id: 'k', secret: Buffer.alloc(32, 7) };
const CENTER = { id: 'staff-1', name: 'center', role: 'center' } as const;

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let now: Date;
const deps = () => mem;

async function offeredWithLink(given: Record<string, unknown> = {}): Promise<{ id: string; link: OfferLinkParams; teamId: string }> {
  const request = store.requests.get(await offeredRadio(deps(), given))!;
  return { id: request.id, link: signOfferLink(request, KEY), teamId: request.offer!.teamId };
}

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas, signingKey: KEY });
  store = mem.requests;
  now = new Date('2026-11-29T02:00:00.000Z');
  for (const id of ['first', 'second'])
    await mem.teams.register(teamFixture(id, { servesAreaId: '370902', capacity: 2, rating: id === 'first' ? 5 : 4 }), [
      'appliance-repair',
    ]);
});

describe("the resident's contact on an accepted team's link", () => {
  it('shows while the order is open and for the grace period after it is done, then no more', async () => {
    const { id, link, teamId } = await offeredWithLink();
    await acceptOffer(deps(), id, teamId);
    expect(await viewTeamOffer(deps(), id, link)).toMatchObject({
      state: 'accepted',
      resident: { phone: '+8613911112222', address: '科大社区5号楼3单元' },
    });

    now = new Date(now.getTime() + HOUR);
    await completeRequest(deps(), id, teamId, parseCompletion({ hours: [{ volunteer: '小李', minutes: 60 }] }));
    now = new Date(now.getTime() + (CONTACT_GRACE_HOURS - 1) * HOUR);
    expect(await viewTeamOffer(deps(), id, link)).toMatchObject({ resident: { phone: '+8613911112222' } });

    now = new Date(now.getTime() + 2 * HOUR);
    const later = await viewTeamOffer(deps(), id, link);
    expect(later).toMatchObject({ state: 'accepted', contactWithdrawn: true, resident: { name: '郑**', phone: '139****2222' } });
    expect(JSON.stringify(later)).not.toContain('5号楼');
    expect(JSON.stringify(later)).not.toContain('11112222');
  });

  it('is gone once the request is cancelled, expired or taken back, however fresh the link', async () => {
    const { id, link, teamId } = await offeredWithLink();
    await acceptOffer(deps(), id, teamId);
    const request = store.requests.get(id)!;
    store.put({ ...request, status: 'CANCELLED', version: request.version + 1 });
    const view = await viewTeamOffer(deps(), id, link);
    expect(JSON.stringify(view)).not.toContain('5号楼');
    expect(JSON.stringify(view)).not.toContain('11112222');
  });
});

describe('what a team sees of an open offer', () => {
  it('has the answers to the service’s own fields, labelled, and the contact still masked', async () => {
    const { id, link } = await offeredWithLink();
    const view = await viewTeamOffer(deps(), id, link);
    expect(view).toMatchObject({
      state: 'open',
      answers: [{ code: 'applianceType', label: { zh: '电器类型', en: 'Appliance' }, value: { zh: '收音机', en: 'Radio' } }],
      resident: { name: '郑**', phone: '139****2222' },
    });
    expect(JSON.stringify(view)).not.toContain('5号楼');
  });
});

describe('numbers and personal fields on a team’s link', () => {
  it('are masked, with addresses, and withheld, until the team accepts; then shown; then masked again once the contact is withdrawn', async () => {
    const repair = demoServices.find((s) => s.code === 'appliance-repair')!;
    // A field saved before the menu refused it: its answer waits for the acceptance like the contact.
    const lxdh = { code: 'lxdh', label: { zh: '备用电话', en: 'Another phone' }, type: 'string' as const, required: false };
    await mem.catalog.putService({ ...repair, fields: [...repair.fields, lxdh] });
    const { id, link, teamId } = await offeredWithLink({
      description: '收音机没有声音，白天打13800001111，晚上打幺三九 零零零零 二二二二',
      attributes: { applianceType: 'radio', model: '熊猫 0538-6212345，送到5号楼2单元501室', lxdh: '13977778888' },
      preferredTime: '下午，先打13700002222，到7号楼402室',
    });
    const hidden = ['13800001111', '6212345', '13977778888', '幺三九', '5号楼2单元501室', '13700002222', '7号楼402室'];
    const before = await viewTeamOffer(deps(), id, link);
    expect(before).toMatchObject({
      state: 'open',
      description: '收音机没有声音，白天打*******1111，晚上打*** **** 二二二二',
      attributes: { applianceType: 'radio', model: '熊猫 ****-***2345，送到*号楼*单元***室' },
    });
    expect(before.state === 'open' && before.answers.map((a) => a.value.zh)).toEqual([
      '收音机',
      '熊猫 ****-***2345，送到*号楼*单元***室',
      '接单后可见',
    ]);
    for (const number of hidden) expect(JSON.stringify(before)).not.toContain(number);

    await acceptOffer(deps(), id, teamId);
    const after = await viewTeamOffer(deps(), id, link);
    expect(after.state === 'accepted' && after.answers.map((a) => a.value.zh)).toEqual([
      '收音机',
      '熊猫 0538-6212345，送到5号楼2单元501室',
      '13977778888',
    ]);
    for (const number of hidden) expect(JSON.stringify(after)).toContain(number);

    // An hour's visit, an hour after accepting.
    now = new Date(now.getTime() + HOUR);
    await completeRequest(deps(), id, teamId, parseCompletion({ hours: [{ volunteer: '小李', minutes: 60 }] }));
    now = new Date(now.getTime() + (CONTACT_GRACE_HOURS + 1) * HOUR);
    const withdrawn = await viewTeamOffer(deps(), id, link);
    for (const number of hidden) expect(JSON.stringify(withdrawn)).not.toContain(number);
  });
});

describe("the resident's own door on a team's link", () => {
  it('is masked however the free text writes it until the team accepts (review 47), then shown', async () => {
    const { id, link, teamId } = await offeredWithLink({
      address: '幸福里小区3号楼2单元502室',
      description: '热水器坏了，住幸福里502，一个人在家，大概2-3 小时',
      attributes: { applianceType: 'radio', model: '美的 MB-FB40，放在502门口' },
      preferredTime: '周六10:30，到了敲502的门',
    });
    const before = await viewTeamOffer(deps(), id, link);
    expect(before).toMatchObject({
      state: 'open',
      description: '热水器坏了，住幸福里***，一个人在家，大概2-3 小时',
      preferredTime: '周六10:30，到了敲***的门',
      attributes: { applianceType: 'radio', model: '美的 MB-FB40，放在***门口' },
    });
    expect(before.state === 'open' && before.answers.map((a) => a.value.zh)).toEqual(['收音机', '美的 MB-FB40，放在***门口']);
    expect(JSON.stringify(before)).not.toContain('502');

    await acceptOffer(deps(), id, teamId);
    expect(await viewTeamOffer(deps(), id, link)).toMatchObject({
      description: '热水器坏了，住幸福里502，一个人在家，大概2-3 小时',
      preferredTime: '周六10:30，到了敲502的门',
      attributes: { model: '美的 MB-FB40，放在502门口' },
    });
  });
});

describe("the resident's own door wherever their address names it (review 52)", () => {
  it('is masked for an address with a note after its door, and a day in the preferred time stays', async () => {
    const { id, link } = await offeredWithLink({
      address: '科大花园13号楼2单元502室（东户）',
      description: '我家502热水器坏了',
      preferredTime: '12号上午来',
    });
    expect(await viewTeamOffer(deps(), id, link)).toMatchObject({ description: '我家***热水器坏了', preferredTime: '12号上午来' });
    const village = await offeredWithLink({
      address: '张庄村三组12号',
      description: '住12号，热水器坏了',
      preferredTime: '希望12号上午来',
    });
    expect(await viewTeamOffer(deps(), village.id, village.link)).toMatchObject({
      description: '住**号，热水器坏了',
      preferredTime: '希望12号上午来',
    });
  });
});

describe('the link of a team the offer moved away from', () => {
  it('shows nothing of the request beyond that it is no longer theirs', async () => {
    const { id, link, teamId } = await offeredWithLink();
    await declineOffer(deps(), id, teamId, 'busy');
    await dispatchRequest(deps(), { requestId: id, version: store.requests.get(id)!.version });
    expect(store.requests.get(id)!.offer?.teamId).not.toBe(teamId);
    // Its own decline, said as such (review 55), and still nothing of the request.
    expect(await viewTeamOffer(deps(), id, link)).toEqual({ requestId: id, state: 'declined' });
  });

  it('says gone, not declined, for an offer that lapsed at its deadline', async () => {
    const { id, link } = await offeredWithLink();
    await releaseOffer(deps(), store.requests.get(id)!, 'timeout');
    expect(await viewTeamOffer(deps(), id, link)).toEqual({ requestId: id, state: 'gone' });
  });
});

describe('a second decline by the same link (review 55)', () => {
  it('is told the decline stands, and releases the offer once', async () => {
    const { id, link, teamId } = await offeredWithLink();
    await declineByLink(deps(), id, link, { reason: 'busy' });
    const after = store.requests.get(id)!;
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).resolves.toBeUndefined();
    expect(store.requests.get(id)).toEqual(after);
    const { timeline } = (await store.getWithTimeline(id))!;
    expect(timeline.filter((e) => e.release)).toHaveLength(1);
    expect((await mem.teams.get(teamId))!.active).toBe(0);
  });

  it('is refused, not told "declined", once staff offered the request to the same team again (review 62)', async () => {
    const { id, link, teamId } = await offeredWithLink();
    await declineByLink(deps(), id, link, { reason: 'busy' });
    await dispatchRequest(deps(), { requestId: id, version: store.requests.get(id)!.version });
    // Staff hand it back to the team that declined (a hand offer ignores cooling off).
    await reassign(deps(), CENTER, id, { teamId, reason: '请再看看' });
    const reoffered = store.requests.get(id)!;
    expect(reoffered).toMatchObject({ status: 'OFFERED', offer: { teamId } });
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).rejects.toThrow('earlier offer');
    expect(store.requests.get(id)).toEqual(reoffered);
  });

  it('is still refused for an offer that lapsed, and by a link that never declined', async () => {
    const { id, link } = await offeredWithLink();
    await releaseOffer(deps(), store.requests.get(id)!, 'timeout');
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).rejects.toThrow(ConflictError);
  });
});

describe('an earlier link while the team holds a later offer of the request (review 55)', () => {
  it('is not shown as over: it says the request is offered again, with nothing to answer and the contact masked', async () => {
    const { id, link } = await offeredWithLink();
    const offered = store.requests.get(id)!;
    store.put({ ...offered, version: offered.version + 4 });
    const view = await viewTeamOffer(deps(), id, link);
    expect(view).toMatchObject({ state: 'superseded', resident: { name: '郑**', phone: '139****2222' } });
    expect(view).not.toHaveProperty('deadline');
    expect(await viewTeamOffer(deps(), id, signOfferLink(store.requests.get(id)!, KEY))).toMatchObject({ state: 'open' });
  });
});

describe('a link of an earlier offer', () => {
  it('answers neither accept nor decline for a later offer of the request to the same team', async () => {
    const { id, link, teamId } = await offeredWithLink();
    // Offered again to the same team since (by hand, after it was released): a newer version.
    const offered = store.requests.get(id)!;
    store.put({ ...offered, version: offered.version + 2 });
    await expect(acceptByLink(deps(), id, link)).rejects.toThrow(ConflictError);
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).rejects.toThrow('earlier offer');
    expect(store.requests.get(id)).toMatchObject({ status: 'OFFERED', offer: { teamId } });
    // The link of the current offer answers.
    await acceptByLink(deps(), id, signOfferLink(store.requests.get(id)!, KEY));
    expect(store.requests.get(id)!.status).toBe('ACCEPTED');
  });

  it('checks its version on the read the answer is written on, not on an earlier read', async () => {
    const { id, link, teamId } = await offeredWithLink();
    const sent = store.requests.get(id)!;
    // The link is checked against the offer it was sent for; by the answer's own read, the team has a later offer.
    store.put({ ...sent, version: sent.version + 2 });
    let reads = 0;
    const racing = {
      ...mem,
      requests: new Proxy(store, {
        get: (target, key) =>
          key === 'get' ? async (requestId: string) => (reads++ === 0 ? sent : target.get(requestId)) : Reflect.get(target, key, target),
      }),
    };
    await expect(acceptByLink(racing, id, link)).rejects.toThrow('earlier offer');
    reads = 0;
    await expect(declineByLink(racing, id, link, { reason: 'busy' })).rejects.toThrow('earlier offer');
    expect(store.requests.get(id)).toMatchObject({ status: 'OFFERED', offer: { teamId }, version: sent.version + 2 });
  });
});

describe('an answer by link repeated after the deadline (review 70)', () => {
  const deadlineOf = (id: string) => Date.parse(store.requests.get(id)!.offer!.deadline);

  it('is told the team holds the order when its accept went through a minute before', async () => {
    const { id, link, teamId } = await offeredWithLink();
    const deadline = deadlineOf(id);
    now = new Date(deadline - 60_000);
    await acceptByLink(deps(), id, link);
    now = new Date(deadline + 60_000);
    const accepted = store.requests.get(id)!;
    await expect(acceptByLink(deps(), id, link)).resolves.toBeUndefined();
    expect(store.requests.get(id)).toEqual(accepted);
    expect(accepted).toMatchObject({ status: 'ACCEPTED', assignedTeam: { id: teamId } });
  });

  it('is told the decline stands when it went through a minute before', async () => {
    const { id, link } = await offeredWithLink();
    const deadline = deadlineOf(id);
    now = new Date(deadline - 60_000);
    await declineByLink(deps(), id, link, { reason: 'busy' });
    const after = store.requests.get(id)!;
    now = new Date(deadline + 60_000);
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).resolves.toBeUndefined();
    expect(store.requests.get(id)).toEqual(after);
  });

  it('is still refused as expired when nothing was answered in time', async () => {
    const { id, link } = await offeredWithLink();
    now = new Date(deadlineOf(id) + 60_000);
    await expect(acceptByLink(deps(), id, link)).rejects.toThrow(new ConflictError('This offer expired at its deadline'));
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).rejects.toThrow(
      new ConflictError('This offer expired at its deadline'),
    );
    expect(store.requests.get(id)!.status).toBe('OFFERED');
  });
});

describe('a decline from a member whose teammate accepted first (review 70)', () => {
  const held = new ConflictError('Your team accepted this order already; to give it back, call the station');

  it('is told the team holds the order and to call the station, by link (before and after the deadline) and by token', async () => {
    const { id, link, teamId } = await offeredWithLink();
    const deadline = Date.parse(store.requests.get(id)!.offer!.deadline);
    await acceptByLink(deps(), id, link);
    const accepted = store.requests.get(id)!;
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).rejects.toThrow(held);
    await expect(declineOffer(deps(), id, teamId, 'busy')).rejects.toThrow(held);
    now = new Date(deadline + 60_000);
    await expect(declineByLink(deps(), id, link, { reason: 'busy' })).rejects.toThrow(held);
    expect(store.requests.get(id)).toEqual(accepted);
  });
});

describe("the resident's name in the description on the open offer (review 70)", () => {
  it('is masked as the name field is until the team accepts, then shown', async () => {
    const description = '我是郑桂芳，八十岁独居，收音机没有声音；来了找桂芳';
    const { id, link } = await offeredWithLink({ description, preferredTime: '下午，郑桂芳在家' });
    expect(await viewTeamOffer(deps(), id, link)).toMatchObject({
      state: 'open',
      description: '我是郑**，八十岁独居，收音机没有声音；来了找**',
      preferredTime: '下午，郑**在家',
      resident: { name: '郑**' },
    });
    await acceptByLink(deps(), id, link);
    expect(await viewTeamOffer(deps(), id, link)).toMatchObject({ state: 'accepted', description, resident: { name: '郑桂芳' } });
  });
});
