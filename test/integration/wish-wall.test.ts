import { describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { newRequestId } from '#shared/domain/identifiers';
import { SESSION_COOKIE, signSession } from '#shared/domain/sign-in';
import { issueTeamToken } from '#shared/domain/team-token';
import { VOLUNTEER_CLAIMS_PER_DAY, VOLUNTEER_OPEN_CLAIMS } from '#shared/domain/wish';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { queuePublisher } from '#shared/wiring/composition';
import { teamFixture } from '../support/fixtures';
import { call, postForm, postJson, validSubmission } from '../support/http';
import { drained, eventually, useLocalStack } from '../support/local-stack';
import { uniquePhone } from '../support/served-order';
import { acceptedAgo } from '../support/visit-time';

const local = useLocalStack();
const KEDA = '370902003009';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const RESIDENT = { contactName: '王秀英', phone: '13955556666', address: '科大社区9号楼1单元302' };

/** A micro-wish from the order form's API, after the dispatcher sent it to the station's review. */
async function wishInReview(wish = '想要一台能听戏的收音机', serviceCode = 'micro-wish') {
  const { url, adapters } = local();
  const submitted = await postJson(
    `${url}/requests`,
    validSubmission({ serviceCode, description: `家里的收音机坏了，${wish}`, attributes: { wishItem: wish }, ...RESIDENT }),
  );
  expect(submitted.status).toBe(201);
  const id = submitted.json().id as string;
  await eventually(async () => (await adapters.requests.get(id))?.status === 'REVIEW');
  return id;
}

async function published(text = '一台能听戏的收音机') {
  const id = await wishInReview();
  const reply = await postJson(`${local().url}/admin/wishes/${id}/publish`, { text, wisher: '王奶奶' }, station());
  expect(reply.status).toBe(200);
  return id;
}

/** A registered volunteer and their session cookie (signed with the deployment's key, as signing in by SMS gives). */
async function volunteer() {
  const { adapters } = local();
  const id = newRequestId();
  const phone = `+86${uniquePhone()}`;
  await adapters.volunteers.register({
    id,
    name: `志愿者${id.slice(0, 4)}`,
    phone,
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });
  const session = signSession(await adapters.signingKeys.current(), id, new Date(), 0);
  return { id, phone, cookie: `${SESSION_COOKIE}=${session}` };
}

async function teamWithToken(id: string) {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(id, { services: ['micro-wish'], servesAreaId: '370902', capacity: 2 }), ['micro-wish']);
  const issued = issueTeamToken(id);
  await adapters.teams.setTokenHash(id, issued.hash);
  return issued.token;
}

const page = async (path: string, headers: Record<string, string> = {}) => (await call(`${local().url}${path}`, { headers })).text;

function sweeper(at: Date) {
  const { stack, adapters } = local();
  const publisher = queuePublisher({ dispatch: stack.queues.dispatch.url, notify: stack.queues.notify.url }, stack.sqs);
  return () => sweepDue({ ...adapters, publisher, clock: { now: () => at } });
}

describe('the wish wall', () => {
  it('publishes a micro-wish only after the station wrote its public text, on the walls of every level of its area', async () => {
    const id = await wishInReview('想要一件过冬的棉衣');
    const { url } = local();
    // Reviewing: the station sees what the resident wrote; the wall does not list it yet.
    const queue = (await call(`${url}/admin/wishes`, { headers: station() })).json().wishes;
    expect(queue).toEqual(expect.arrayContaining([expect.objectContaining({ id, resident: { surname: '王', phone: '139****6666' } })]));
    expect(await page(`/wall/${KEDA}`)).not.toContain(id);
    expect((await call(`${url}/wall/wishes/${id}`)).status).toBe(404);

    // Never the resident's full name or a phone number on the wall: 400 naming the field.
    const named = await postJson(`${url}/admin/wishes/${id}/publish`, { text: '一件棉衣', wisher: '王秀英' }, station());
    expect(named.status).toBe(400);
    expect(named.json().error.fields).toEqual([expect.objectContaining({ field: 'wisher' })]);
    const numbered = await postJson(`${url}/admin/wishes/${id}/publish`, { text: '一件棉衣 13955556666', wisher: '王奶奶' }, station());
    expect(numbered.json().error.fields).toEqual([expect.objectContaining({ field: 'text' })]);
    // Without a staff token: refused before the function.
    const outsider = await postJson(`${url}/admin/wishes/${id}/publish`, { text: '一件棉衣', wisher: '王奶奶' }, {});
    expect(outsider.status).toBe(401);

    expect((await postJson(`${url}/admin/wishes/${id}/publish`, { text: '一件过冬的棉衣', wisher: '王奶奶' }, station())).status).toBe(200);
    const again = await postJson(`${url}/admin/wishes/${id}/publish`, { text: '一件过冬的棉衣', wisher: '王奶奶' }, station());
    expect(again.status).toBe(409);

    for (const level of [KEDA, '370902003', '370902', '3709']) {
      const wall = await page(`/wall/${level}`);
      expect(wall, level).toContain('一件过冬的棉衣');
      expect(wall).toContain(`/wall/wishes/${id}`);
      for (const secret of ['王秀英', '13955556666', '9号楼', '家里的收音机坏了']) expect(wall).not.toContain(secret);
    }
    const wishPage = await page(`/wall/wishes/${id}`);
    expect(wishPage).toContain('王奶奶');
    expect(wishPage).toContain(`action="/me/claims/${id}"`);
    for (const secret of ['王秀英', '13955556666', '9号楼']) expect(wishPage).not.toContain(secret);
    // Another community's wall does not list it.
    expect(await page('/wall/370902003001')).not.toContain(id);
  });

  it('gives the wish to exactly one of 100 claims at once, and the contact to the winner alone', async () => {
    const id = await published('一副老花镜');
    const { url, adapters } = local();
    const volunteers = await Promise.all(Array.from({ length: 90 }, volunteer));
    const teams = await Promise.all(Array.from({ length: 10 }, (_, i) => teamWithToken(`claimer-${i}`)));
    const claims = await Promise.all([
      ...volunteers.map(async (v) => {
        const reply = await call(`${url}/me/claims/${id}`, {
          method: 'POST',
          headers: { cookie: v.cookie, accept: 'text/html' },
          redirect: 'manual',
        });
        // From a page every answer is their claims; one that was not done says why.
        const notice = new URL(reply.headers.get('location') ?? '', url).searchParams.get('notice');
        return { who: v.id, won: reply.status === 303 && !notice, status: notice ?? reply.status };
      }),
      ...teams.map(async (token, i) => {
        const reply = await call(`${url}/team/pool/${id}/claim`, { method: 'POST', headers: bearer(token) });
        return { who: `claimer-${i}`, won: reply.status === 200, status: reply.status };
      }),
    ]);
    const winners = claims.filter((c) => c.won);
    expect(winners).toHaveLength(1);
    expect(new Set(claims.filter((c) => !c.won).map((c) => c.status))).toEqual(new Set([409, 'wish-taken']));

    const request = (await adapters.requests.get(id))!;
    expect(request.status).toBe('ACCEPTED');
    expect(request.claim?.claimer.id).toBe(winners[0]!.who);
    // The contact: on the winner's own page (a volunteer's /me, a team's orders), nowhere else.
    const contactSeenBy = [
      ...(await Promise.all(volunteers.map(async (v) => ((await page('/me', { cookie: v.cookie })).includes('13955556666') ? v.id : '')))),
      ...(await Promise.all(
        teams.map(async (token, i) =>
          JSON.stringify((await call(`${url}/team/orders`, { headers: bearer(token) })).json()).includes('13955556666')
            ? `claimer-${i}`
            : '',
        ),
      )),
    ].filter(Boolean);
    expect(contactSeenBy).toEqual([winners[0]!.who]);
    expect(await page(`/wall/${KEDA}`)).not.toContain(`/wall/wishes/${id}"`);
    expect(await page(`/wall/wishes/${id}`)).not.toContain('/me/claims/');
  });

  it('holds a volunteer to their limit of open claims', async () => {
    const me = await volunteer();
    const ids = [];
    for (let i = 0; i <= VOLUNTEER_OPEN_CLAIMS; i++) ids.push(await published(`心愿 ${i}`));
    const { url } = local();
    const answers = [];
    for (const id of ids) {
      const reply = await call(`${url}/me/claims/${id}`, { method: 'POST', headers: { cookie: me.cookie, accept: 'text/html' } });
      answers.push(`${reply.status} ${reply.headers.get('location')}`);
    }
    // From a page, back to their claims, the last one saying why (in Chinese, not the generic 409 page).
    expect(answers).toEqual([...Array(VOLUNTEER_OPEN_CLAIMS).fill(`303 ${url}/me#claims`), `303 ${url}/me?notice=claim-limit#claims`]);
    const refused = await page('/me?notice=claim-limit', { cookie: me.cookie });
    expect(refused).toContain(`没有认领成功：您已有 ${VOLUNTEER_OPEN_CLAIMS} 个认领中的心愿`);
    expect(refused).not.toContain('这条需求的状态刚刚变了');
    expect(await page('/me?notice=claim-limit&lang=en', { cookie: me.cookie })).toContain('Not claimed: you hold 3 open claims already');
    // An API caller still gets the 409 and its code.
    const api = await call(`${url}/me/claims/${ids.at(-1)}`, { method: 'POST', headers: { cookie: me.cookie } });
    expect([api.status, api.json().error.code]).toEqual([409, 'CLAIM_LIMIT']);
    // Giving one up frees a slot (and puts that wish back on the wall).
    const back = await call(`${url}/me/claims/${ids[0]}/give-up`, { method: 'POST', headers: { cookie: me.cookie }, redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(await page(`/wall/${KEDA}`)).toContain(`/wall/wishes/${ids[0]}`);
    const last = await call(`${url}/me/claims/${ids.at(-1)}`, { method: 'POST', headers: { cookie: me.cookie }, redirect: 'manual' });
    expect(last.status).toBe(303);
  });

  it('asks once before giving up, answers a second tap of give-up or fulfilled as the first, and says why a step was not done', async () => {
    const { url, adapters } = local();
    const me = await volunteer();
    const [given, fulfilled, taken] = [await published('一个暖水袋'), await published('一盏台灯'), await published('一副手套')];
    for (const id of [given, fulfilled]) await postForm(`${url}/me/claims/${id}`, {}, { cookie: me.cookie });

    // 放弃认领: the first tap asks on their page; the wish stays theirs.
    const first = await postForm(`${url}/me/claims/${given}/give-up`, {}, { cookie: me.cookie });
    expect([first.status, first.headers.get('location')]).toEqual([303, `${url}/me?give-up=${given}#claims`]);
    expect((await adapters.requests.get(given))!.status).toBe('ACCEPTED');
    const asking = await page(`/me?give-up=${given}`, { cookie: me.cookie });
    expect(asking).toContain('确定放弃认领这个心愿吗？');
    expect(asking).toMatch(
      new RegExp(`action="/me/claims/${given}/give-up"><button type="submit" class="danger" name="confirm" value="yes">`),
    );
    // The second gives it up; a third (a double tap) answers the same, not a 404.
    for (let tap = 0; tap < 2; tap++) {
      const reply = await postForm(`${url}/me/claims/${given}/give-up`, { confirm: 'yes' }, { cookie: me.cookie });
      expect([reply.status, reply.headers.get('location')]).toEqual([303, `${url}/me#claims`]);
    }
    expect((await adapters.requests.get(given))!).toMatchObject({ status: 'PUBLISHED', wish: { returns: 1 } });

    // Claimed a moment ago: 40 minutes served is more than the time since, refused saying so, and nothing changes.
    const hurried = await adapters.requests.getWithTimeline(fulfilled);
    // Signed out meanwhile (the session lapsed while the form was filled): the sign-in says the
    // report was not sent, and leads back to the claims (review 63).
    const signedOut = await postForm(`${url}/me/claims/${fulfilled}/fulfil`, { minutes: '40', note: '送了米' });
    expect([signedOut.status, signedOut.headers.get('location')]).toEqual([303, `${url}/me?next=%2Fme%23claims&unsent=report`]);
    const signIn = await page('/me?next=%2Fme%23claims&unsent=report');
    expect(signIn).toContain('您已退出登录，刚才填写的完成情况没有提交，请登录后重新填写。');
    expect(signIn).toContain('action="/me/code?next=%2Fme%23claims"');
    const tooSoon = await postForm(`${url}/me/claims/${fulfilled}/fulfil`, { minutes: '40' }, { cookie: me.cookie });
    expect(tooSoon.headers.get('location')).toBe(`${url}/me?notice=minutes-bound#claims`);
    expect(await page('/me?notice=minutes-bound', { cookie: me.cookie })).toContain('没有提交成功：服务时长不能超过从认领到现在的时间');
    expect(await adapters.requests.getWithTimeline(fulfilled)).toEqual(hurried);
    // 心愿已实现 twice, an hour after the claim: the first report stands, the second answers the same.
    await acceptedAgo(local(), fulfilled, 60);
    for (const minutes of ['40', '400']) {
      const reply = await postForm(`${url}/me/claims/${fulfilled}/fulfil`, { minutes }, { cookie: me.cookie });
      expect([reply.status, reply.headers.get('location')]).toEqual([303, `${url}/me#claims`]);
    }
    expect((await adapters.requests.get(fulfilled))!.completion?.hours).toEqual([expect.objectContaining({ minutes: 40 })]);

    // Someone else was first; a claim no longer theirs; a bad report: each back to their claims, saying why.
    const other = await volunteer();
    await postForm(`${url}/me/claims/${taken}`, {}, { cookie: other.cookie });
    const notices = {
      'wish-taken': await postForm(`${url}/me/claims/${taken}?lang=en`, {}, { cookie: me.cookie }),
      'claim-gone': await postForm(`${url}/me/claims/${taken}/give-up`, { confirm: 'yes' }, { cookie: me.cookie }),
      report: await postForm(`${url}/me/claims/${taken}/fulfil`, { minutes: 'a while' }, { cookie: other.cookie }),
    };
    expect(notices['wish-taken'].headers.get('location')).toBe(`${url}/me?notice=wish-taken&lang=en#claims`);
    expect(notices['claim-gone'].headers.get('location')).toBe(`${url}/me?notice=claim-gone#claims`);
    expect(notices.report.headers.get('location')).toBe(`${url}/me?notice=report#claims`);
    expect(await page('/me?notice=wish-taken', { cookie: me.cookie })).toContain('没有认领成功：这个心愿刚被别人认领了');
  });

  it('tells a volunteer by SMS when the resident cancels the wish they claimed', async () => {
    const { url, stack } = local();
    const submitted = await postJson(
      `${url}/requests`,
      validSubmission({ serviceCode: 'micro-wish', description: '想要一把躺椅', attributes: { wishItem: '一把躺椅' }, ...RESIDENT }),
    );
    const { id, accessToken } = submitted.json() as { id: string; accessToken: string };
    await eventually(async () => (await local().adapters.requests.get(id))?.status === 'REVIEW');
    expect((await postJson(`${url}/admin/wishes/${id}/publish`, { text: '一把躺椅', wisher: '王奶奶' }, station())).status).toBe(200);
    const me = await volunteer();
    await call(`${url}/me/claims/${id}`, { method: 'POST', headers: { cookie: me.cookie } });
    expect((await call(`${url}/requests/${id}/cancel`, { method: 'POST', headers: { 'x-access-token': accessToken } })).status).toBe(200);
    await drained(stack, 'notify');
    const sent = await eventually(async () => {
      const entries = (await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[];
      const found = entries.filter((e) => e.kind === 'claim-cancelled' && e.to === me.phone);
      return found.length > 0 ? found : undefined;
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('您认领的微心愿');
    for (const secret of ['王秀英', '13955556666', '9号楼']) expect(sent[0]!.text).not.toContain(secret);
  });

  it('reminds the claimer once before the deadline and returns a lapsed claim to the wall exactly once', async () => {
    const id = await published('陪老人去一趟公园');
    const me = await volunteer();
    const { url, adapters, stack } = local();
    await call(`${url}/me/claims/${id}`, { method: 'POST', headers: { cookie: me.cookie }, redirect: 'manual' });
    const claim = (await adapters.requests.get(id))!.claim!;

    // Two sweeps at once (other tests' claims are in the table too: each wish is judged by its own record).
    const soon = new Date(Date.parse(claim.remindAt) + 1000);
    await Promise.all([sweeper(soon)(), sweeper(soon)()]);
    expect((await adapters.requests.get(id))!.claim?.reminded).toBe(true);
    await drained(stack, 'notify');
    const reminders = ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).filter(
      (e) => e.kind === 'claim-reminder' && e.to === me.phone,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('请于');

    const past = new Date(Date.parse(claim.deadline) + 1000);
    await Promise.all([sweeper(past)(), sweeper(past)(), sweeper(past)()]);
    const back = (await adapters.requests.getWithTimeline(id))!;
    expect(back.request.status).toBe('PUBLISHED');
    expect(back.request.wish?.returns).toBe(1);
    expect(back.timeline.filter((e) => e.message.zh.includes('认领已超期'))).toHaveLength(1);
    expect(await page(`/wall/${KEDA}`)).toContain(`/wall/wishes/${id}`);
    // The volunteer no longer sees the contact, and may claim again (their slot came back).
    expect(await page('/me', { cookie: me.cookie })).not.toContain('13955556666');
    await sweeper(past)();
    expect((await adapters.requests.getWithTimeline(id))!.timeline.filter((e) => e.message.zh.includes('认领已超期'))).toHaveLength(1);
  });

  it('puts an assign-then-claim request nobody accepted on the wall after review, instead of escalating it', async () => {
    const { url, adapters } = local();
    const services = (await call(`${url}/admin/services`, { headers: center() })).json().services as Array<Record<string, unknown>>;
    const repair = services.find((s) => s.code === 'appliance-repair')!;
    const { code: _code, ...rest } = repair;
    const put = await call(`${url}/admin/services/appliance-repair`, {
      method: 'PUT',
      headers: { ...center(), 'content-type': 'application/json' },
      body: JSON.stringify({ ...rest, dispatch: { mode: 'assign-then-claim' } }),
    });
    expect(put.status).toBe(200);
    const submitted = await postJson(`${url}/requests`, validSubmission(RESIDENT));
    const id = submitted.json().id as string;
    // No team serves it, so none could ever take it: it goes to review at once, not to the center.
    await eventually(async () => (await adapters.requests.get(id))?.status === 'REVIEW');
    expect((await adapters.requests.escalated(100)).map((r) => r.id)).not.toContain(id);
    const publish = await postJson(`${url}/admin/wishes/${id}/publish`, { text: '修一台收音机', wisher: '王奶奶' }, station());
    expect(publish.status).toBe(200);
    expect(await page(`/wall/${KEDA}`)).toContain(`/wall/wishes/${id}`);
    await call(`${url}/admin/services/appliance-repair`, {
      method: 'PUT',
      headers: { ...center(), 'content-type': 'application/json' },
      body: JSON.stringify({ ...rest, version: put.json().version }),
    });
  });

  it('lists the pool nearest first for a team, and counts published, claimed, fulfilled and returned wishes', async () => {
    const { url, adapters } = local();
    const token = await teamWithToken('pool-team');
    const id = await published('给孩子买一本字典');
    const pool = (await call(`${url}/team/pool`, { headers: bearer(token) })).json().pool as Array<{ id: string; text: string }>;
    expect(pool.map((w) => w.id)).toContain(id);
    expect(JSON.stringify(pool)).not.toContain('13955556666');

    const me = await volunteer();
    await call(`${url}/me/claims/${id}`, { method: 'POST', headers: { cookie: me.cookie }, redirect: 'manual' });
    await acceptedAgo(local(), id);
    const fulfil = await postForm(`${url}/me/claims/${id}/fulfil`, { minutes: '90', note: '已送到' }, { cookie: me.cookie });
    expect(fulfil.status).toBe(303);
    expect((await adapters.requests.get(id))!).toMatchObject({
      status: 'COMPLETED',
      completion: { hours: [{ volunteerId: me.id, minutes: 90 }] },
    });
    const stats = await eventually(async () => {
      const report = (await call(`${url}/admin/stats?area=${KEDA}`, { headers: center() })).json();
      return report.totals.wishes.fulfilled >= 1 ? report.totals.wishes : undefined;
    });
    expect(stats.published).toBeGreaterThanOrEqual(1);
    expect(stats.claimed).toBeGreaterThanOrEqual(1);
    expect(stats.claimedBy.volunteer).toBeGreaterThanOrEqual(1);
    // Given up (the limit test) and lapsed (the sweep test) claims in the same community.
    expect(stats.returned).toBeGreaterThanOrEqual(1);
    expect(stats.meanHoursToClaim).not.toBeNull();
  });

  it('lets the center register a work unit and station staff claim for it, within its area and its open claims, without points', async () => {
    const { url, adapters } = local();
    const unit = { name: '泰山区某公司党支部', areaId: '370902', contactName: '周经理', contactPhone: '13800001111', maxOpenClaims: 1 };
    const byStation = await postJson(`${url}/admin/work-units`, unit, station());
    expect(byStation.status).toBe(404);
    expect(byStation.json().error.message).toBe('Work units (center admins register them) not found');
    const registered = await postJson(`${url}/admin/work-units`, unit, center());
    expect(registered.status).toBe(201);
    const unitId = registered.json().id as string;
    const [first, second] = [await published('一台电风扇'), await published('一袋大米')];

    const claimed = await postJson(`${url}/admin/wishes/${first}/claim`, { unitId }, station());
    expect(claimed.status).toBe(200);
    expect(claimed.json().contact).toMatchObject({ phone: '+8613955556666' });
    expect((await postJson(`${url}/admin/wishes/${second}/claim`, { unitId }, station())).status).toBe(409);
    expect(await page(`/wall/wishes/${first}`)).toContain('已被认领：泰山区某公司党支部');

    const work = (await call(`${url}/admin/wishes`, { headers: station() })).json();
    expect(work.units.map((u: { id: string }) => u.id)).toContain(unitId);
    expect(work.claims).toEqual([expect.objectContaining({ id: first, unit: '泰山区某公司党支部' })]);
    expect(work.published.map((w: { id: string }) => w.id)).toContain(second);

    // The unit's contact person is reminded before the deadline.
    const claim = (await adapters.requests.get(first))!.claim!;
    await sweeper(new Date(Date.parse(claim.remindAt) + 1000))();
    await drained(local().stack, 'notify');
    const outbox = (await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[];
    expect(outbox.filter((e) => e.kind === 'claim-reminder' && e.to === '+8613800001111')).toHaveLength(1);
    expect((await postJson(`${url}/admin/wishes/${first}/fulfil`, { note: '已送到' }, station())).status).toBe(200);
    expect((await adapters.requests.get(first))!).toMatchObject({ status: 'COMPLETED', completion: { hours: [] } });
    // The slot came back: the unit may claim the other wish now.
    expect((await postJson(`${url}/admin/wishes/${second}/claim`, { unitId }, station())).status).toBe(200);

    // A district's unit holds a wish elsewhere in the district: 科大社区's staff never see that wisher's contact.
    const wide = (await postJson(`${url}/admin/work-units`, { ...unit, name: '区里的单位', maxOpenClaims: 5 }, center())).json().id;
    const submitted = await postJson(
      `${url}/requests`,
      validSubmission({
        serviceCode: 'micro-wish',
        areaId: '370902001001',
        attributes: { wishItem: '一副象棋' },
        ...RESIDENT,
        phone: '13977778888',
      }),
    );
    const far = submitted.json().id as string;
    await eventually(async () => (await adapters.requests.get(far))?.status === 'REVIEW');
    expect((await postJson(`${url}/admin/wishes/${far}/publish`, { text: '一副象棋', wisher: '王爷爷' }, center())).status).toBe(200);
    expect((await postJson(`${url}/admin/wishes/${far}/claim`, { unitId: wide }, center())).status).toBe(200);
    const seen = JSON.stringify((await call(`${url}/admin/wishes`, { headers: station() })).json());
    expect(seen).not.toContain('13977778888');
    expect(JSON.stringify((await call(`${url}/admin/wishes`, { headers: center() })).json())).toContain('13977778888');
  });

  it('caps how often one volunteer claims in a day, given up or not, and takes a withdrawn wish off its page', async () => {
    const { url } = local();
    const id = await published('一把新雨伞');
    const me = await volunteer();
    const post = (path: string) => call(`${url}${path}`, { method: 'POST', headers: { cookie: me.cookie }, redirect: 'manual' });
    for (let i = 0; i < VOLUNTEER_CLAIMS_PER_DAY.limit; i++) {
      expect((await post(`/me/claims/${id}`)).status).toBe(303);
      expect((await post(`/me/claims/${id}/give-up`)).status).toBe(303);
    }
    expect((await post(`/me/claims/${id}`)).status).toBe(429);
    const fromPage = await postForm(`${url}/me/claims/${id}`, {}, { cookie: me.cookie });
    expect(fromPage.headers.get('location')).toBe(`${url}/me?notice=too-many#claims`);
    expect(await page('/me?notice=too-many', { cookie: me.cookie })).toContain('今天的认领次数已达上限');

    const { version } = (await local().adapters.requests.get(id))!;
    const rejected = await postJson(`${url}/admin/requests/${id}/reject`, { reason: '不宜公开', version }, station());
    expect(rejected.status).toBe(200);
    expect((await call(`${url}/wall/wishes/${id}`)).status).toBe(404);
    expect(await page(`/wall/${KEDA}`)).not.toContain(`/wall/wishes/${id}"`);
  });
});
