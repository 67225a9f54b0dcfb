import { describe, expect, it } from 'vitest';
import { beijingDay, CODES_PER_PHONE_FROM_ADDRESS, CODES_PER_PHONE_FROM_NEW_DEVICES, signInPhoneKey } from '#shared/domain/sign-in';
import { personKey } from '#shared/domain/volunteer';
import { call, callRaw, postForm } from '../support/http';
import { KEDA } from '../support/fixtures';
import { drained, useLocalStack } from '../support/local-stack';
import { insidePhoneWindows, sessionOf, signInTools, uniquePhone } from '../support/volunteer-sign-in';

const local = useLocalStack();
const { codesSentTo, registered, codeAged, spacingPassed } = signInTools(local);

describe("the volunteer's own page (我的志愿服务)", () => {
  it('signs in with an SMS code and shows hours, points, services and pickup codes', async () => {
    const { url, adapters } = local();
    const { phone, id } = await registered('吴志愿');
    await adapters.credits.post({
      volunteerKey: personKey(id),
      requestId: 'r-me-1',
      teamId: 'ruidi-repair',
      minutes: 240,
      hours: 4,
      points: 1,
      at: '2026-12-01T02:00:00.000Z',
    });
    await adapters.credits.redeem({
      volunteerKey: personKey(id),
      points: 1,
      item: '洗衣液',
      pickupCode: 'K7M2Q9XZ',
      at: '2026-12-02T02:00:00.000Z',
      by: { id: 's', name: 's' },
      stationAreaId: KEDA,
    });

    const asked = await postForm(`${url}/me/code`, { phone });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('name="code"');
    const [code] = await codesSentTo(phone);
    expect(code).toMatch(/^\d{6}$/);

    const signedIn = await call(`${url}/me/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone, code: code! }).toString(),
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(303);
    // The session, and the old Path=/me one expired: beside the new, it would read as none.
    // And the browser's known-device mark for the phone (review 60).
    expect(signedIn.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^paidan_me=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/),
      'paidan_me=; Path=/me; Max-Age=0; HttpOnly; SameSite=Lax',
      expect.stringMatching(/^paidan_known=[^;]+; Path=\/; Max-Age=15552000; HttpOnly; SameSite=Strict$/),
    ]);
    const page = await call(`${url}/me`, { headers: { cookie: `paidan_me=${sessionOf(signedIn)}` } });
    expect(page.text).toContain('吴志愿');
    expect(page.text).toContain('4 小时');
    expect(page.text).toContain('K7M2Q9XZ');
    expect(page.text).toContain('洗衣液');
    expect(page.text).not.toContain(phone);

    // The code is good once.
    const again = await postForm(`${url}/me/sign-in`, { phone, code: code! });
    expect(again.status).toBe(400);
    expect(again.text).toContain('id="f-code"');
    // It does not say a code is on its way; it offers a new one for the same phone (review 63).
    expect(again.text).not.toContain('正在向它发送');
    expect(again.text).toContain('重新获取验证码');
    // A forged or altered session shows the sign-in, not the page.
    // A character well inside the signature: the last one of a base64url HMAC has spare bits, and
    // changing only those would leave the same signature (the test then passed a valid cookie).
    const session = sessionOf(signedIn)!;
    const at = session.length - 5;
    const altered = `${session.slice(0, at)}${session[at] === 'A' ? 'B' : 'A'}${session.slice(at + 1)}`;
    const forged = await call(`${url}/me`, { headers: { cookie: `paidan_me=${altered}` } });
    expect(forged.text).not.toContain('吴志愿');
    expect(forged.text).toContain('name="phone"');
  });

  it('still sends a code to a browser that signed in with the phone before once strangers have spent their share of its day (review 60)', async () => {
    const { url, adapters } = local();
    const { phone } = await registered('钱志愿');
    await postForm(`${url}/me/code`, { phone });
    const [code] = await codesSentTo(phone);
    const signedIn = await postForm(`${url}/me/sign-in`, { phone, code: code! });
    const mark = /paidan_known=([^;]*)/.exec(signedIn.headers.getSetCookie().join('\n'))?.[1];
    expect(mark).toMatch(/^\d+\./);
    // Strangers, from many addresses, asked for the phone's codes until their share ran out.
    const key = signInPhoneKey(await adapters.signingKeys.identityKey(), `+86${phone}`);
    const { limit, windowSeconds } = CODES_PER_PHONE_FROM_NEW_DEVICES;
    for (let i = 0; i < limit; i++) await adapters.limiter.take(`signin-phone-new:${key}`, limit, windowSeconds, beijingDay(new Date()));
    await spacingPassed(phone);
    expect((await postForm(`${url}/me/code`, { phone })).status).toBe(429);
    const owner = await postForm(`${url}/me/code`, { phone }, { cookie: `paidan_known=${mark}` });
    expect(owner.status).toBe(200);
    expect(owner.text).toContain('name="code"');
    const sent = await codesSentTo(phone);
    expect(sent).toHaveLength(2);
    const newest = sent.find((c) => c !== code)!;
    // Strangers' wrong tries cannot lock the code the owner's browser asked for (review 61): it signs in there.
    for (const guess of ['000000', '000001', '000002', '000003', '000004', newest])
      expect((await postForm(`${url}/me/sign-in`, { phone, code: guess })).text).toContain('验证码不对，或已经用过');
    const back = await postForm(`${url}/me/sign-in`, { phone, code: newest }, { cookie: `paidan_known=${mark}` });
    expect(back.status).toBe(303);
  });

  it('keeps the code the owner’s marked browser asked for live when a stranger then asks for the phone, and when both ask at once', async () => {
    const { url } = local();
    const { phone } = await registered('孔志愿');
    await postForm(`${url}/me/code`, { phone });
    const [first] = await codesSentTo(phone);
    const signedIn = await postForm(`${url}/me/sign-in`, { phone, code: first! });
    const owner = { cookie: `paidan_known=${/paidan_known=([^;]*)/.exec(signedIn.headers.getSetCookie().join('\n'))?.[1]}` };
    const newCodes = async (seen: string[]) => (await codesSentTo(phone)).filter((c) => !seen.includes(c));
    await spacingPassed(phone);
    expect((await postForm(`${url}/me/code`, { phone }, owner)).status).toBe(200);
    const [ownersCode] = await newCodes([first!]);
    // A minute on, a stranger who knows the number asks for it: answered as ever, and the owner's code still signs in.
    await spacingPassed(phone);
    expect((await postForm(`${url}/me/code`, { phone })).status).toBe(200);
    expect((await postForm(`${url}/me/sign-in`, { phone, code: ownersCode! }, owner)).status).toBe(303);
    // Both at once: the owner's browser is sent a code whichever comes first, and one of the new codes signs it in.
    await spacingPassed(phone);
    const seen = await codesSentTo(phone);
    const [mine, theirs] = await Promise.all([postForm(`${url}/me/code`, { phone }, owner), postForm(`${url}/me/code`, { phone })]);
    expect(mine.status).toBe(200);
    expect([200, 429]).toContain(theirs.status);
    const answers = [];
    for (const code of await newCodes(seen)) answers.push((await postForm(`${url}/me/sign-in`, { phone, code }, owner)).status);
    expect(answers).toContain(303);
  });

  it('answers the same for an unregistered phone, sending nothing, and refuses another phone’s code and guessing', async () => {
    const { url } = local();
    const stranger = uniquePhone();
    const unknown = await postForm(`${url}/me/code`, { phone: stranger });
    const { phone, id: _id } = await registered('郑志愿');
    const known = await postForm(`${url}/me/code`, { phone });
    expect(unknown.status).toBe(known.status);
    expect(unknown.text.replaceAll(stranger, phone)).toBe(known.text);
    expect(await codesSentTo(stranger)).toEqual([]);

    // Another registered person's code does not open this phone.
    const other = await registered('王志愿');
    await postForm(`${url}/me/code`, { phone: other.phone });
    const [othersCode] = await codesSentTo(other.phone);
    const [ownCode] = await codesSentTo(phone);
    if (othersCode !== ownCode) {
      expect((await postForm(`${url}/me/sign-in`, { phone, code: othersCode! })).status).toBe(400);
      await postForm(`${url}/me/sign-in`, { phone: stranger, code: othersCode! });
    }
    // Guessing locks the code: after the limit even the right one is refused, and says so; and a
    // number nobody registered answers each guess alike, so guessing tells nothing either.
    const guesses = async (who: string, last: string) => {
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push(await postForm(`${url}/me/sign-in`, { phone: who, code: last === '000000' ? '111111' : '000000' }));
      answers.push(await postForm(`${url}/me/sign-in`, { phone: who, code: last }));
      return answers.map((a) => ({ status: a.status, page: a.text.replaceAll(who, '…') }));
    };
    const answered = await guesses(phone, ownCode!);
    const said = answered.map((a) => `${a.status} ${a.page.includes('验证码已不能使用') ? 'gone' : 'wrong'}`);
    expect([said[0], said.at(-2), said.at(-1)]).toEqual(['400 wrong', '400 gone', '400 gone']);
    expect(await guesses(stranger, '123456')).toEqual(answered);
  });

  it('refuses an address its guesses at a phone past its own limit, while the owner at another address signs in', async () => {
    const { url } = local();
    const { phone } = await registered('褚志愿');
    // Another client: the local stack sees the connection's address.
    const fromGuesser = (code: string) =>
      callRaw(url, '/me/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ phone, code }).toString(),
        localAddress: '127.0.0.2',
      });
    await insidePhoneWindows();
    const statuses: number[] = [];
    // Three codes (the phone's quarter of an hour), four wrong guesses at the first two, two at the last.
    for (const guesses of [4, 4, 2]) {
      if (statuses.length > 0) await spacingPassed(phone);
      expect((await postForm(`${url}/me/code`, { phone })).status).toBe(200);
      const [code] = await codesSentTo(phone);
      for (let i = 0; i < guesses; i++) statuses.push((await fromGuesser(code === '000000' ? '111111' : '000000')).status);
    }
    expect(statuses).toEqual(Array(10).fill(400));
    const [code] = await codesSentTo(phone);
    const refused = await fromGuesser(code!);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('请求太频繁');
    const owner = await call(`${url}/me/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone, code: code! }).toString(),
    });
    expect(owner.status).toBe(303);
    expect(sessionOf(owner)).toBeTruthy();
  });

  it('leads back after signing in to a `next` path of this site, kept through both steps, and to their page for anything else', async () => {
    const { url } = local();
    const { phone } = await registered('沈志愿');
    const wish = '/wall/wishes/01t2473dnzr3wmnhqj99';
    const next = `next=${encodeURIComponent(wish)}`;
    // A claim while signed out: to the sign-in, with the wish's page to come back to.
    const claim = await call(`${url}/me/claims/01t2473dnzr3wmnhqj99?lang=en`, { method: 'POST', redirect: 'manual' });
    expect(claim.status).toBe(303);
    const signInUrl = new URL(claim.headers.get('location')!);
    expect(`${signInUrl.pathname}${signInUrl.search}`).toBe(`/me?${next}&lang=en`);
    expect((await call(signInUrl.href)).text).toContain(`action="/me/code?${next}&amp;lang=en"`);
    const codeStep = await postForm(`${url}/me/code?${next}&lang=en`, { phone });
    expect(codeStep.text).toContain(`action="/me/sign-in?${next}&amp;lang=en"`);
    const signIn = (query: string, code: string) =>
      call(`${url}/me/sign-in?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ phone, code }).toString(),
      });
    const [code] = await codesSentTo(phone);
    // A wrong code first: the form comes back still leading to the wish.
    expect((await postForm(`${url}/me/sign-in?${next}&lang=en`, { phone, code: code === '000000' ? '111111' : '000000' })).text).toContain(
      `action="/me/sign-in?${next}&amp;lang=en"`,
    );
    const back = await signIn(`${next}&lang=en`, code!);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`${new URL(url).origin}${wish}?lang=en`);

    // Anything but a path of this site is not carried along, and signing in leads to their own page.
    for (const elsewhere of ['//evil.example/wall', 'https://evil.example/', '/\\evil.example', '/wall?x=evil.example']) {
      const page = await call(`${url}/me?next=${encodeURIComponent(elsewhere)}`);
      expect(page.text).toContain('action="/me/code"');
      expect(page.text).not.toContain('evil.example');
    }
    const elsewhere = `next=${encodeURIComponent('//evil.example/wall')}`;
    await spacingPassed(phone);
    await postForm(`${url}/me/code?${elsewhere}`, { phone });
    const [fresh] = await codesSentTo(phone);
    const home = await signIn(elsewhere, fresh!);
    expect([home.status, home.headers.get('location')]).toEqual([303, `${new URL(url).origin}/me`]);
  });

  it('limits codes per phone, whatever the phone: a minute apart, five a day from one address, answering the live code’s step, while another address still gets codes', async () => {
    const { url } = local();
    const { phone: known } = await registered('卫志愿');
    await insidePhoneWindows();
    const fromElsewhere = (phone: string) =>
      callRaw(url, '/me/code', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ phone }).toString(),
        localAddress: '127.0.0.2',
      });
    const runs = [];
    for (const phone of [uniquePhone(), known]) {
      const said: string[] = [];
      const ask = async () => {
        const reply = await postForm(`${url}/me/code`, { phone });
        const step = reply.text.includes('name="code"')
          ? reply.text.includes('不久前已向这个手机号发过验证码')
            ? 'live'
            : 'code'
          : 'phone';
        said.push(`${reply.status} ${step}${reply.text.includes('请求太频繁，请在') ? ' until' : ''}`);
      };
      for (let i = 0; i < CODES_PER_PHONE_FROM_ADDRESS.limit; i++) {
        await ask();
        await ask();
        // Sent before the next replaces it (a code replaced while its message waits is not sent).
        await drained(local().stack, 'notify');
        await spacingPassed(phone);
      }
      // Past this address's codes for the phone: the live code's step, and once it expired, a refusal saying until when.
      await ask();
      await codeAged(phone, 5 * 60);
      await ask();
      said.push(String((await fromElsewhere(phone)).status));
      runs.push(said);
    }
    expect(runs[0]).toEqual([
      ...Array(CODES_PER_PHONE_FROM_ADDRESS.limit).fill(['200 code', '429 live']).flat(),
      '429 live',
      '429 phone until',
      '200',
    ]);
    expect(runs[1]).toEqual(runs[0]);
    expect(await codesSentTo(known)).toHaveLength(CODES_PER_PHONE_FROM_ADDRESS.limit + 1);
    const bad = await postForm(`${url}/me/code`, { phone: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-phone"');
  });
});
