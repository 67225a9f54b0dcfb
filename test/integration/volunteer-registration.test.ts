import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { beijingDay } from '#shared/domain/beijing-day';
import { REGISTRATION_CODES_PER_DAY } from '#shared/domain/sign-in';
import { windowStart } from '#shared/ports/rate-limiter';
import { call, postForm } from '../support/http';
import { KEDA } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { sessionOf, signInTools, uniquePhone } from '../support/volunteer-sign-in';

const local = useLocalStack();
const { codesSentTo, registered, spacingPassed } = signInTools(local);

describe('registering oneself as a volunteer (自主注册)', () => {
  it('finds the community, sends a code to any phone, checks every field before spending it, and signs the new person in', async () => {
    const { url, adapters } = local();
    const picker = await call(`${url}/me/register?q=${encodeURIComponent('科大')}`);
    expect(picker.status).toBe(200);
    expect(picker.text).toContain(`href="/me/register?area=${KEDA}"`);
    expect((await call(`${url}/me/register?area=${KEDA}`)).text).toContain(`name="homeAreaId" value="${KEDA}"`);

    const phone = uniquePhone();
    const asked = await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('name="code"');
    const [code] = await codesSentTo(phone);
    // A problem with the name or the place names its field, and the code is not spent.
    const noName = await postForm(`${url}/me/register`, { homeAreaId: KEDA, phone, code: code!, name: '', volunteerNumber: '' });
    expect(noName.status).toBe(400);
    expect(noName.text).toContain('id="f-name"');
    expect(noName.text).toContain('aria-invalid="true"');
    const nowhere = await postForm(`${url}/me/register`, {
      homeAreaId: '370902003',
      phone,
      code: code!,
      name: '郑志愿',
      volunteerNumber: '',
    });
    expect(nowhere.status).toBe(400);
    const done = await call(`${url}/me/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ homeAreaId: KEDA, phone, code: code!, name: '郑志愿', volunteerNumber: 'SD37-0099' }).toString(),
      redirect: 'manual',
    });
    expect(done.status).toBe(303);
    const session = sessionOf(done);
    expect((await call(`${url}/me`, { headers: { cookie: `paidan_me=${session}` } })).text).toContain('郑志愿');
    const person = (await adapters.volunteers.findByPhone(`+86${phone}`))!;
    expect(person).toMatchObject({ name: '郑志愿', homeAreaId: KEDA, volunteerNumber: 'SD37-0099', registeredBy: { kind: 'self' } });

    // The code is spent; and registering the same phone again signs that person in, changing nothing.
    expect((await postForm(`${url}/me/register`, { homeAreaId: KEDA, phone, code: code!, name: '郑', volunteerNumber: '' })).status).toBe(
      400,
    );
    await spacingPassed(phone);
    await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone });
    const [again] = await codesSentTo(phone); // newest first
    // Without the optional volunteer number, as an API client may post it (review 63: it was "required").
    const reRegistered = await call(`${url}/me/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ homeAreaId: KEDA, phone, code: again!, name: '别人' }).toString(),
      redirect: 'manual',
    });
    expect(reRegistered.status).toBe(303);
    expect(await adapters.volunteers.findByPhone(`+86${phone}`)).toEqual(person);
  });

  it('leads to a `next` path of this site, kept through each step and a refused one, and to their page for anything else', async () => {
    const { url } = local();
    const origin = new URL(url).origin;
    const wish = '/wall/wishes/01t2473dnzr3wmnhqj99';
    const next = `next=${encodeURIComponent(wish)}`;
    expect((await call(`${url}/me?${next}`)).text).toContain(`href="/me/register?${next}"`);
    expect((await call(`${url}/me/register?${next}&area=${KEDA}`)).text).toContain(`action="/me/register/code?${next}"`);
    const phone = uniquePhone();
    const badPhone = await postForm(`${url}/me/register/code?${next}`, { homeAreaId: KEDA, phone: '123' });
    expect([badPhone.status, badPhone.text.includes(`action="/me/register/code?${next}"`)]).toEqual([400, true]);
    expect((await postForm(`${url}/me/register/code?${next}`, { homeAreaId: KEDA, phone })).text).toContain(
      `action="/me/register?${next}"`,
    );
    const [code] = await codesSentTo(phone);
    const register = (query: string, code: string, name: string) =>
      postForm(`${url}/me/register?${query}`, { homeAreaId: KEDA, phone, code, name, volunteerNumber: '' });
    const noName = await register(next, code!, '');
    expect([noName.status, noName.text.includes(`action="/me/register?${next}"`)]).toEqual([400, true]);
    const done = await register(`${next}&size=large`, code!, '韩志愿');
    expect([done.status, done.headers.get('location'), Boolean(sessionOf(done))]).toEqual([303, `${origin}${wish}?size=large`, true]);

    // Anything but a path of this site is not carried, refused or not, and registering leads to their page.
    for (const elsewhere of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const query = `next=${encodeURIComponent(elsewhere)}`;
      const page = await call(`${url}/me/register?${query}&area=${KEDA}`);
      expect(page.text).toContain('action="/me/register/code"');
      const refused = await postForm(`${url}/me/register/code?${query}`, { homeAreaId: KEDA, phone: '123' });
      for (const text of [page.text, refused.text]) expect(text).not.toContain('evil.example');
    }
    await spacingPassed(phone);
    const elsewhere = `next=${encodeURIComponent('//evil.example')}`;
    expect((await postForm(`${url}/me/register/code?${elsewhere}`, { homeAreaId: KEDA, phone })).text).toContain('action="/me/register"');
    const [again] = await codesSentTo(phone); // newest first
    const home = await register(elsewhere, again!, '韩志愿');
    expect([home.status, home.headers.get('location')]).toEqual([303, `${origin}/me`]);
  });
});

describe('the bound on registration codes', () => {
  it('sends no more registration codes that day past the deployment’s budget, refusing registered and unregistered phones alike until the day’s end, while signing in still works', async () => {
    const { url, stack } = local();
    const { limit, windowSeconds } = REGISTRATION_CODES_PER_DAY;
    const window = windowStart(beijingDay(new Date()), windowSeconds);
    // The day's codes all sent (as if by a flood of sign-ups or an SMS-pumping attack).
    await createDocumentClient(stack.dynamodb).send(
      new PutCommand({ TableName: stack.tableName, Item: { ...keys.rateWindow('register-codes:deployment', window), n: limit } }),
    );
    // Refused until the day's end, saying so, to any phone alike (nothing tells the phone is unregistered), and no SMS.
    const strangerPhone = uniquePhone();
    const stranger = await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone: strangerPhone });
    expect(stranger.status).toBe(429);
    expect(stranger.text).toContain('今天的登记验证码短信已经发完，请在');
    expect(stranger.text).not.toContain('name="code"');
    expect(await codesSentTo(strangerPhone)).toEqual([]);
    // A registered phone is answered the same and sent nothing either: its SMS's time would tell it apart.
    const { phone } = await registered('冯志愿');
    const known = await postForm(`${url}/me/register/code`, { homeAreaId: KEDA, phone });
    expect([known.status, known.text.replaceAll(phone, strangerPhone)]).toEqual([429, stranger.text]);
    expect((await postForm(`${url}/me/code`, { phone })).status).toBe(200);
    expect(await codesSentTo(phone)).toHaveLength(1);
  });
});
