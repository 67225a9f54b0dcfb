import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError, RateLimitedError, type ValidationError } from '#shared/domain/errors';
import { factOf } from '#shared/domain/request-fact';
import type { ServiceRequest } from '#shared/domain/service-request';
import { tallyOf } from '#shared/domain/stats';
import { beijingDay } from '#shared/domain/beijing-day';
import { parseSubmission } from '#shared/domain/submission';
import { noticesFor } from '#shared/domain/notices';
import {
  ClaimLimitError,
  claim,
  parsePublicWish,
  remind,
  returnToWall,
  VOLUNTEER_CLAIMS_PER_DAY,
  VOLUNTEER_OPEN_CLAIMS,
} from '#shared/domain/wish';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { declineOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { claimAsTeam, claimAsVolunteer, fulfilAsVolunteer, giveUpClaim } from '#shared/use-cases/wish-claims';
import { publishWish } from '#shared/use-cases/wish-review';
import { claimForUnit, endUnitClaim } from '#shared/use-cases/work-units';
import { reassign } from '#shared/use-cases/admin-requests';
import { adminConsoleTexts } from '#shared/web/admin-console-texts';
import { errorMessage } from '#shared/web/browser/common/error-words';
import { teamPool } from '#shared/use-cases/wish-wall-view';
import { takeBack } from '#shared/domain/admin-actions';
import { REVIEW_DAYS } from '#shared/domain/dispatch-policy';
import { reopen } from '#shared/domain/resident-feedback';
import { personKey } from '#shared/domain/volunteer';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { KEDA, teamFixture } from '../../support/fixtures';

const STATION = { id: 'staff-1', name: 'station', role: 'station', areaId: KEDA } as const;
const DAY = 86_400_000;
let mem: MemoryDeps;
let now: Date;
/** The claimer does the wish: two hours pass (a report has no more minutes than the time since the claim). */
const visit = () => {
  now = new Date(now.getTime() + 2 * 3_600_000);
};

async function submitted(serviceCode = 'micro-wish', areaId = KEDA): Promise<string> {
  const attributes = serviceCode === 'micro-wish' ? { wishItem: '收音机' } : { applianceType: 'radio' };
  const submission = parseSubmission({
    serviceCode,
    areaId,
    description: '想听戏',
    contactName: '李秀珍',
    phone: '13300004444',
    address: '3号楼',
    attributes,
  });
  const { submitted } = await submitRequest(mem, { submission, channel: 'web' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  return submitted.id;
}

async function published(areaId = KEDA): Promise<string> {
  const id = await submitted('micro-wish', areaId);
  await publishWish(mem, { id: 'center', name: 'center', role: 'center' }, id, { text: '一台收音机', wisher: '李奶奶' });
  return id;
}

async function person(id: string) {
  await mem.volunteers.register({
    id,
    name: id,
    phone: `+8613${id.padStart(9, '0')}`,
    homeAreaId: KEDA,
    registeredAt: now.toISOString(),
    registeredBy: { kind: 'self' },
  });
  return id;
}

const stored = (id: string) => mem.requests.requests.get(id)!;

beforeEach(() => {
  now = new Date('2026-12-01T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

describe('the public text of a wish', () => {
  const request = { contact: { name: '李秀珍', phone: '+8613300004444', address: '3号楼' } } as ServiceRequest;

  it('takes what is wished and how the wisher is named, trimmed', () => {
    expect(parsePublicWish({ text: ' 一台收音机 ', wisher: '李奶奶' }, request)).toEqual({ text: '一台收音机', wisher: '李奶奶' });
  });

  it('refuses a phone or identity number and the resident’s full name, naming the field', () => {
    const fieldOf = (input: unknown) => {
      try {
        parsePublicWish(input, request);
        return 'accepted';
      } catch (error) {
        return (error as ValidationError).issues.map((i) => i.field).join(',');
      }
    };
    expect(fieldOf({ text: '收音机 133 0000 4444', wisher: '李奶奶' })).toBe('text');
    // However the digits are written or split up.
    for (const text of [
      '收音机139-5555-6666',
      '收音机139.5555.6666',
      '收音机１３９５５５５６６６６',
      '收音机一三九五五五五六六六六',
      '收音机(139)5555·6666',
      '收音机139/5555/6666',
      '收音机139，5555，6666',
      '收音机139、5555、6666',
      '收音机139_5555_6666',
      '收音机139\u200b5555\u200b6666',
      '收音机8123-4567',
      '收音机1395555-6-6666',
      // As a team would see them masked (holdsContact): banker's numerals, a landline of seven, an id.
      '收音机壹叁玖伍伍伍伍陆陆陆陆',
      '收音机621-2345',
      '收音机，微信号 abc123',
      '收音机，邮箱li.xz@qq.com',
      // Split by a time's colon or a full stop, groups that read as a date, an id after a longer label.
      '收音机139:5555:6666',
      '收音机139。5555。6666',
      '收音机139-5555-66-66',
      '收音机，微信号为：abc-1234',
      // No real date (month 13), a date that runs on into a mobile's digits (199 1020 3456) or follows its first ones, split.
      '收音机2026-13-45',
      '收音机1991-02-03-456',
      '收音机，电话 1 3 9 2026 - 1 - 23 4',
      '收音机，电话13 2026-1-23 45',
    ])
      expect(fieldOf({ text, wisher: '李奶奶' }), text).toBe('text');
    expect(fieldOf({ text: '2号楼3单元的一台收音机', wisher: '李奶奶' })).toBe('accepted');
    expect(fieldOf({ text: '九九重阳节的一台收音机', wisher: '李奶奶' })).toBe('accepted');
    // Times, price ranges, lists and dates are no one's number.
    for (const text of [
      '每周六9:00-11:00陪老人散步',
      '100-200元的电饭煲',
      '需要1/2/3/4/5号电池',
      '第一、二、三、四、五单元练习册',
      '2026-12-24前送到',
      // Dates as the masking reads them: with spaces around the marks, full-width, with a time, or in words.
      '2026 - 12 - 24前送到',
      '２０２６／１２／２４ 9:00前送到',
      '2026年12月24日前送到',
      '500-1000元的轮椅',
      '9.00-11.30的一台收音机',
      '12月1号楼下见，一台收音机',
      '1,234元以内的收音机',
      '一台QQ音乐能用的收音机',
    ])
      expect(fieldOf({ text, wisher: '李奶奶' }), text).toBe('accepted');
    expect(fieldOf({ text: '一台收音机', wisher: '李秀珍' })).toBe('wisher');
    expect(fieldOf({ text: '给李秀珍一台收音机', wisher: '李奶奶' })).toBe('text');
    expect(fieldOf({ text: '一', wisher: '' })).toBe('text,wisher');
  });
});

describe('matching by claim', () => {
  it('sends a micro-wish to the station’s review, never to a team, and publishes it only as reviewed', async () => {
    await mem.teams.register(teamFixture('wishers', { services: ['micro-wish'], servesAreaId: '3709' }), ['micro-wish']);
    const id = await submitted();
    expect(stored(id).status).toBe('REVIEW');
    expect(mem.teams.teams.get('wishers')!.active).toBe(0);
    expect((await mem.requests.wall(KEDA, 10)).entries).toEqual([]);
    // Staff of another area see no such wish.
    await expect(publishWish(mem, { ...STATION, areaId: '370911' }, id, { text: '一台收音机', wisher: '李奶奶' })).rejects.toThrow(
      'Wish not found',
    );
    await publishWish(mem, STATION, id, { text: '一台收音机', wisher: '李奶奶' });
    const wall = await mem.requests.wall('3709', 10);
    expect(wall.entries).toEqual([expect.objectContaining({ requestId: id, text: '一台收音机', wisher: '李奶奶' })]);
    expect(JSON.stringify(wall)).not.toContain('想听戏');
  });

  it('puts an assign-then-claim request in review after its last automatic offer ends, not with the center', async () => {
    const repair = demoServices.find((s) => s.code === 'appliance-repair')!;
    await mem.catalog.putService({ ...repair, dispatch: { mode: 'assign-then-claim' } });
    for (const t of ['a', 'b', 'c']) await mem.teams.register(teamFixture(t, { servesAreaId: '3709', capacity: 1 }), ['appliance-repair']);
    const id = await submitted('appliance-repair');
    for (let offer = 1; offer <= 3; offer++) {
      const teamId = stored(id).offer!.teamId;
      await declineOffer(mem, id, teamId, 'busy');
      for (const m of mem.publisher.sent.splice(0)) await dispatchRequest(mem, m.body as { requestId: string; version: number });
    }
    expect(stored(id).status).toBe('REVIEW');
    expect(await mem.requests.escalated(10)).toEqual([]);
    expect([...mem.teams.teams.values()].map((t) => t.active)).toEqual([0, 0, 0]);
  });
});

describe('claiming a wish', () => {
  it('gives it to one of many claims at once, and the winner alone gets the contact', async () => {
    const id = await published();
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => person(`p${i}`)));
    const outcomes = await Promise.allSettled(people.map((p) => claimAsVolunteer(mem, p, id)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof ConflictError)).toBe(
      true,
    );
    const winner = stored(id).claim!.claimer.id;
    for (const p of people) expect((await mem.requests.claimedBy({ kind: 'volunteer', id: p }, 10)).length).toBe(p === winner ? 1 : 0);
    expect((await mem.requests.wall(KEDA, 10)).entries).toEqual([]);
  });

  it('tells a claimer who taps twice, or retries, that the wish is theirs, taking one slot and one unit of capacity', async () => {
    const me = await person('me');
    const mine = await published();
    const [first, second] = await Promise.all([claimAsVolunteer(mem, me, mine), claimAsVolunteer(mem, me, mine)]);
    expect([first.claim?.claimer.id, second.claim?.claimer.id]).toEqual([me, me]);
    expect((await claimAsVolunteer(mem, me, mine)).version).toBe(stored(mine).version);
    expect(await mem.requests.claimedBy({ kind: 'volunteer', id: me }, 10)).toHaveLength(1);
    await expect(claimAsVolunteer(mem, await person('other'), mine)).rejects.toBeInstanceOf(ConflictError);

    await mem.teams.register(teamFixture('near', { services: ['micro-wish'], servesAreaId: '370902', capacity: 2 }), ['micro-wish']);
    const ours = await published();
    await Promise.all([claimAsTeam(mem, 'near', ours), claimAsTeam(mem, 'near', ours)]);
    expect((await claimAsTeam(mem, 'near', ours)).claim?.claimer.id).toBe('near');
    expect(mem.teams.teams.get('near')!.active).toBe(1);
  });

  it('holds a volunteer to their open claims, and gives a slot back when a claim ends', async () => {
    const me = await person('me');
    const ids = [];
    for (let i = 0; i <= VOLUNTEER_OPEN_CLAIMS; i++) ids.push(await published());
    for (const id of ids.slice(0, VOLUNTEER_OPEN_CLAIMS)) await claimAsVolunteer(mem, me, id);
    await expect(claimAsVolunteer(mem, me, ids.at(-1)!)).rejects.toBeInstanceOf(ClaimLimitError);
    visit();
    await fulfilAsVolunteer(mem, me, ids[0]!, { minutes: 60 });
    expect(stored(ids[0]!)).toMatchObject({ status: 'COMPLETED', completion: { hours: [{ volunteerId: me, minutes: 60 }] } });
    // The credit rules in force at the fulfilment stay with it, to price its credit (credit-rules-of-request.ts).
    expect(stored(ids[0]!).creditRules).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 8 });
    await claimAsVolunteer(mem, me, ids.at(-1)!);
    await giveUpClaim(mem, { kind: 'volunteer', id: me }, ids[1]!);
    expect(stored(ids[1]!)).toMatchObject({ status: 'PUBLISHED', wish: { returns: 1 } });
    // Someone else's claim cannot be given up or reported.
    await expect(giveUpClaim(mem, { kind: 'volunteer', id: 'stranger' }, ids[2]!)).rejects.toThrow('Claim not found');
  });

  it('counts a volunteer’s claims a day by days of Beijing time, refused only until Beijing midnight', async () => {
    const me = await person('daily');
    const id = await published();
    const claimAndGiveUp = async () => {
      await claimAsVolunteer(mem, me, id);
      await giveUpClaim(mem, { kind: 'volunteer', id: me }, id);
    };
    const answer = () =>
      claimAndGiveUp().then(
        () => 'claimed',
        (e: unknown) => (e instanceof RateLimitedError ? e.retryAfterSeconds : e),
      );
    // 22:00 in Beijing: the day's claims, then a refusal for the two hours left of it.
    now = new Date('2026-12-01T14:00:00.000Z');
    for (let i = 0; i < VOLUNTEER_CLAIMS_PER_DAY.limit; i++) await claimAndGiveUp();
    expect(await answer()).toBe(2 * 3600);
    // 07:30 the next morning in Beijing (still the same UTC day): a new day.
    now = new Date('2026-12-01T23:30:00.000Z');
    for (let i = 1; i < VOLUNTEER_CLAIMS_PER_DAY.limit; i++) await claimAndGiveUp();
    expect(await answer()).toBe('claimed');
    // 08:30 the same Beijing day (a new UTC day): no more than the day's claims.
    now = new Date('2026-12-02T00:30:00.000Z');
    expect(await answer()).toBe(15.5 * 3600);
  });

  it('counts for the day only a claim that won: not one that lost the race, nor one at the open-claims limit (review 64)', async () => {
    const [a, b] = [await person('racer-a'), await person('racer-b')];
    const id = await published();
    const outcomes = await Promise.allSettled([claimAsVolunteer(mem, a, id), claimAsVolunteer(mem, b, id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const counted = (who: string) => mem.limiter.counted(`claims:${who}`, VOLUNTEER_CLAIMS_PER_DAY.windowSeconds, beijingDay(now));
    expect((await counted(a)) + (await counted(b))).toBe(1);
    const loser = stored(id).claim?.claimer.id === a ? b : a;
    for (let i = 0; i < VOLUNTEER_OPEN_CLAIMS; i++) await claimAsVolunteer(mem, loser, await published());
    await expect(claimAsVolunteer(mem, loser, await published())).rejects.toBeInstanceOf(ClaimLimitError);
    expect(await counted(loser)).toBe(VOLUNTEER_OPEN_CLAIMS);
  });

  it('answers a repeated give-up or fulfilment by the same claimer as the first was, once, and refuses anyone else', async () => {
    const me = await person('twice');
    const mine = { kind: 'volunteer' as const, id: me };
    // A second tap after the first went through, and two taps at once.
    const first = await published();
    await claimAsVolunteer(mem, me, first);
    await giveUpClaim(mem, mine, first);
    await expect(giveUpClaim(mem, mine, first)).resolves.toMatchObject({ status: 'PUBLISHED' });
    const second = await published();
    await claimAsVolunteer(mem, me, second);
    await Promise.all([giveUpClaim(mem, mine, second), giveUpClaim(mem, mine, second)]);
    for (const id of [first, second]) expect(stored(id)).toMatchObject({ status: 'PUBLISHED', wish: { returns: 1 } });
    await expect(giveUpClaim(mem, { kind: 'volunteer', id: 'stranger' }, first)).rejects.toThrow('Claim not found');
    expect(await mem.requests.claimedBy(mine, 10)).toEqual([]);

    const third = await published();
    await claimAsVolunteer(mem, me, third);
    visit();
    await Promise.all([fulfilAsVolunteer(mem, me, third, { minutes: 45 }), fulfilAsVolunteer(mem, me, third, { minutes: 45 })]);
    // A retry later with other minutes: the first report stands.
    await expect(fulfilAsVolunteer(mem, me, third, { minutes: 90 })).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(stored(third).completion?.hours).toEqual([{ volunteer: me, volunteerId: me, minutes: 45 }]);
    await expect(fulfilAsVolunteer(mem, await person('other'), third, { minutes: 45 })).rejects.toThrow('Claim not found');

    // A team's give-up and a unit's, twice: the capacity and the slot come back once.
    await mem.teams.register(teamFixture('twice-team', { services: ['micro-wish'], servesAreaId: '370902', capacity: 1 }), ['micro-wish']);
    const ours = await published();
    await claimAsTeam(mem, 'twice-team', ours);
    await giveUpClaim(mem, { kind: 'team', id: 'twice-team' }, ours);
    await expect(giveUpClaim(mem, { kind: 'team', id: 'twice-team' }, ours)).resolves.toMatchObject({ status: 'PUBLISHED' });
    expect(mem.teams.teams.get('twice-team')!.active).toBe(0);
    const unit = { id: 'u1', name: '某单位', areaId: '370902', contactName: '周', contactPhone: '+8613800001111', maxOpenClaims: 1 };
    await mem.units.register({ ...unit, registeredAt: now.toISOString(), registeredBy: 'center' });
    const center = { id: 'center', name: 'center', role: 'center' } as const;
    await claimForUnit({ ...mem }, center, ours, { unitId: 'u1' });
    for (let i = 0; i < 2; i++) await endUnitClaim({ ...mem }, center, ours, 'given-up');
    await claimForUnit({ ...mem }, center, ours, { unitId: 'u1' });
    for (let i = 0; i < 2; i++) await endUnitClaim({ ...mem }, center, ours, 'fulfilled');
    expect(stored(ours)).toMatchObject({ status: 'COMPLETED', wish: { returns: 2 } });
    mem.requests.auditCapacity();
  });

  it('lets a team claim only in the area it serves, against its capacity, and lists its pool nearest first', async () => {
    await mem.teams.register(teamFixture('near', { services: ['micro-wish'], servesAreaId: '370902', capacity: 1 }), ['micro-wish']);
    const far = await published('370902001001');
    const here = await published(KEDA);
    const outside = await published('370911001005');
    expect((await teamPool(mem, 'near')).map((w) => w.id)).toEqual([here, far]);
    await expect(claimAsTeam(mem, 'near', outside)).rejects.toThrow('Wish not found');
    await claimAsTeam(mem, 'near', here);
    expect(stored(here).assignedTeam?.id).toBe('near');
    // Full, and then paused: said apart from a wish someone else took, so the team's console can tell them apart.
    await expect(claimAsTeam(mem, 'near', far)).rejects.toMatchObject({
      code: 'TEAM_UNAVAILABLE',
      message: expect.stringMatching(/capacity/),
    });
    await giveUpClaim(mem, { kind: 'team', id: 'near' }, here);
    mem.teams.patch('near', { paused: true });
    await expect(claimAsTeam(mem, 'near', far)).rejects.toMatchObject({ code: 'TEAM_UNAVAILABLE' });
    mem.teams.patch('near', { paused: false });
    await claimAsVolunteer(mem, await person('quick'), far);
    await expect(claimAsTeam(mem, 'near', far)).rejects.toMatchObject({ code: 'WISH_TAKEN' });
    await expect(claimAsTeam(mem, 'near', here)).resolves.toMatchObject({ status: 'ACCEPTED' });
    await giveUpClaim(mem, { kind: 'team', id: 'near' }, here);
    expect(mem.teams.teams.get('near')!.active).toBe(0);
    mem.requests.auditCapacity();
  });
});

describe('a claim’s deadline', () => {
  it('reminds once, then returns the wish to the wall once, with the notices and counts it calls for', () => {
    const base = {
      id: 'r1',
      status: 'PUBLISHED',
      version: 3,
      areaId: KEDA,
      serviceCode: 'micro-wish',
      updatedAt: now.toISOString(),
      createdAt: now.toISOString(),
      urgency: 'normal',
      channel: 'web',
      wish: { text: 't', wisher: 'w', publishedAt: now.toISOString(), listedAt: now.toISOString(), reviewedBy: 's' },
    } as unknown as ServiceRequest;
    const claimed = claim(base, { kind: 'volunteer', id: 'p', name: 'p' }, new Date(now.getTime() + DAY), undefined).after;
    expect(Date.parse(claimed.claim!.deadline) - Date.parse(claimed.claim!.claimedAt)).toBe(7 * DAY);
    expect(claimed.dueAt).toBe(claimed.claim!.remindAt);
    const reminded = remind(claimed, new Date(claimed.claim!.remindAt)).after;
    expect(noticesFor(claimed, reminded).map((n) => n.kind)).toEqual(['claim-reminder']);
    expect(() => remind(reminded, new Date(claimed.claim!.remindAt))).toThrow(ConflictError);
    const back = returnToWall(reminded, 'lapsed', new Date(claimed.claim!.deadline)).after;
    expect(back).toMatchObject({ status: 'PUBLISHED', wish: { returns: 1 } });
    expect(back.claim).toBeUndefined();
    const context = { creditRules: { hoursPerPoint: 4, maxHoursPerActivity: 8 } };
    expect(tallyOf(factOf(base, claimed), context).counts).toMatchObject({
      wishClaimed: 1,
      wishClaimedByVolunteer: 1,
      wishClaimMinutes: 1440,
    });
    expect(tallyOf(factOf(base, claimed), context).counts.accepted).toBeUndefined();
    expect(tallyOf(factOf(reminded, back), context).counts).toEqual({ wishReturned: 1 });
  });
});

describe('what the review found', () => {
  it('gives up the claim a unit holds when another unit gave the wish up before it (review 64), and a record from before the fix too', async () => {
    const center = { id: 'center', name: 'center', role: 'center' } as const;
    for (const id of ['ua', 'ub']) {
      const unit = { id, name: `单位${id}`, areaId: '370902', contactName: '周', contactPhone: '+8613800001111', maxOpenClaims: 1 };
      await mem.units.register({ ...unit, registeredAt: now.toISOString(), registeredBy: 'center' });
    }
    const id = await published();
    await claimForUnit(mem, center, id, { unitId: 'ua' });
    await endUnitClaim(mem, center, id, 'given-up');
    await claimForUnit(mem, center, id, { unitId: 'ub' });
    // A new claim drops the give-up before it.
    expect(stored(id).givenUp).toBeUndefined();
    // Stored before claim() dropped it: unit A's give-up still beside unit B's claim.
    mem.requests.requests.set(id, { ...stored(id), givenUp: { claimer: { kind: 'unit', id: 'ua' }, at: now.toISOString() } });
    await expect(endUnitClaim(mem, center, id, 'given-up')).resolves.toMatchObject({ status: 'PUBLISHED' });
    expect(stored(id)).toMatchObject({ status: 'PUBLISHED', wish: { returns: 2 }, givenUp: { claimer: { kind: 'unit', id: 'ub' } } });
    // Unit B's one slot is free again; a second click is answered as the first was.
    await expect(endUnitClaim(mem, center, id, 'given-up')).resolves.toMatchObject({ status: 'PUBLISHED' });
    await expect(claimForUnit(mem, center, await published(), { unitId: 'ub' })).resolves.toMatchObject({ status: 'ACCEPTED' });
  });

  it('forgets a team’s claim when staff take the order back, so the old team cannot end the new team’s order', async () => {
    await mem.teams.register(teamFixture('a', { services: ['micro-wish'], servesAreaId: '370902' }), ['micro-wish']);
    const id = await published();
    await claimAsTeam(mem, 'a', id);
    const back = takeBack(stored(id), { ...STATION, role: 'center' }, '人手不足', now);
    expect(back.after.claim).toBeUndefined();
    await mem.requests.releaseOffer({ before: stored(id), ...back, teamId: 'a' });
    await expect(giveUpClaim(mem, { kind: 'team', id: 'a' }, id)).rejects.toThrow('Claim not found');
    mem.requests.auditCapacity();
  });

  it('tells staff a wish taken back from its team, whose chosen team filled up, goes back to review, not to automatic dispatch (review 64)', async () => {
    for (const id of ['a', 'b'])
      await mem.teams.register(teamFixture(id, { services: ['micro-wish'], servesAreaId: '370902' }), ['micro-wish']);
    const id = await published();
    await claimAsTeam(mem, 'a', id);
    // Between the check and the offer, b fills up.
    const reserve = mem.requests.reserveOffer.bind(mem.requests);
    mem.requests.reserveOffer = async (r) => (r.teamId === 'b' ? 'team-unavailable' : reserve(r));
    const refused = (await reassign(mem, { ...STATION, role: 'center' }, id, { teamId: 'b', reason: '人手不足' }).catch(
      (e: unknown) => e,
    )) as ConflictError;
    expect(stored(id).status).toBe('REVIEW');
    expect(refused.message).toMatch(/the wish goes back to its station's review, to be published again$/);
    const words = (key: string) => (adminConsoleTexts.zh as Record<string, string>)[key]!;
    expect(errorMessage({ status: 409, code: 'CONFLICT', message: refused.message }, 'zh', words)).toBe(
      '已从原服务队收回，但所选服务队刚刚满员，心愿已回到社区审核，需重新发布',
    );
    mem.requests.auditCapacity();
  });

  it('drops the claim of a fulfilled wish when the resident reopens it, and sends it back to review', async () => {
    const me = await person('reopener');
    const id = await published();
    await claimAsVolunteer(mem, me, id);
    visit();
    await fulfilAsVolunteer(mem, me, id, { minutes: 30 });
    const reopened = reopen(stored(id), now).after;
    expect(reopened.claim).toBeUndefined();
    expect(reopened.status).toBe('WAITING');
  });

  it('files a claim the sweep finds due too early again at its deadline, and an accepted request without a claim off its list', async () => {
    const me = await person('me');
    const id = await published();
    await claimAsVolunteer(mem, me, id);
    const claimed = stored(id);
    const deadline = claimed.claim!.deadline;
    // A due time left before the deadline with the reminder already sent (an older write's).
    await mem.requests.update(claimed, { ...claimed, claim: { ...claimed.claim!, reminded: true }, dueAt: now.toISOString() });
    expect(await sweepDue(mem)).toMatchObject({ rescheduled: 1, returned: 0, reminded: 0 });
    expect(stored(id).dueAt).toBe(deadline);
    const { claim: _claim, ...unclaimed } = stored(id);
    await mem.requests.update(stored(id), { ...unclaimed, dueAt: now.toISOString() });
    expect(await sweepDue(mem)).toMatchObject({ rescheduled: 1 });
    expect(stored(id).dueAt).toBeUndefined();
  });

  it('expires a wish its station never reviewed, after REVIEW_DAYS', async () => {
    const id = await submitted();
    expect(stored(id).dueAt).toBe(new Date(now.getTime() + REVIEW_DAYS * DAY).toISOString());
    now = new Date(now.getTime() + REVIEW_DAYS * DAY);
    await sweepDue(mem);
    expect(stored(id).status).toBe('EXPIRED');
  });

  it('credits a volunteer’s fulfilled wish to their own ledger when it closes, without a team', async () => {
    const me = await person('credited');
    const id = await published();
    await claimAsVolunteer(mem, me, id);
    visit();
    await fulfilAsVolunteer(mem, me, id, { minutes: 90 });
    now = new Date(now.getTime() + 8 * DAY);
    expect((await sweepDue(mem)).credited).toBe(1);
    expect(await mem.credits.balance(personKey(me))).toMatchObject({ hours: 1.5 });
  });
});
