/**
 * A volunteer changes their own phone on /me (更换手机号), on the local stack with the real
 * DynamoDB adapter: a code to the new number, then the change by the staff path's `changePhone`.
 */
import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { beijingDay } from '#shared/domain/beijing-day';
import { REGISTRATION_CODES_PER_DAY } from '#shared/domain/sign-in';
import { windowStart } from '#shared/ports/rate-limiter';
import { call, postForm } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { codesSentTo, registeredPhone, signedIn, smsOfKindTo } from '../support/volunteer-session';
import { sessionOf, signInTools, uniquePhone } from '../support/volunteer-sign-in';

const local = useLocalStack();
const { spacingPassed } = signInTools(local);

/** The codes the new number got by SMS (sent while the asker waits), newest first. */
const changeCodesTo = async (phone: string) =>
  (await smsOfKindTo(local().url, phone, 'sign-in-code')).map((e) => /(\d{6})/.exec(e.text)?.[1] ?? '');

/** A registered person, signed in: their id, national phone and session cookie. */
async function signedInPerson(name: string) {
  const { url, adapters } = local();
  const phone = await registeredPhone(adapters.volunteers, name);
  const person = (await adapters.volunteers.findByPhone(`+86${phone}`))!;
  return { id: person.id, phone, ...(await signedIn(url, phone)) };
}

const askCode = (phone: string, cookie: string) => postForm(`${local().url}/me/phone/code`, { phone }, { cookie });
const confirm = (phone: string, code: string, cookie: string) => postForm(`${local().url}/me/phone`, { phone, code }, { cookie });
/** A code of six digits that is not `code`. */
const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

describe('a volunteer changing their own phone on /me', () => {
  it('sends a code to the new number, changes the phone with it, keeps them signed in, and the old number signs in no more', async () => {
    const { url, adapters } = local();
    const me = await signedInPerson('蒋志愿');
    const page = await call(`${url}/me`, { headers: { cookie: me.cookie } });
    expect(page.text).toContain('<h2 id="phone">更换手机号</h2>');
    expect(page.text).toContain('action="/me/phone/code"');
    // A sign-in code for the old number, asked for before the change: it must open nothing after.
    await spacingPassed(me.phone);
    expect((await postForm(`${url}/me/code`, { phone: me.phone })).status).toBe(200);
    const [oldCode] = (await codesSentTo(url, me.phone)) as [string];

    const next = uniquePhone();
    const asked = await askCode(next, me.cookie);
    expect(asked.status, asked.text).toBe(200);
    expect(asked.text).toContain('action="/me/phone"');
    expect(asked.text).toContain(`name="phone" value="+86${next}"`);
    const [code] = await changeCodesTo(next);
    const done = await confirm(next, code!, me.cookie);
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toMatch(/\/me\?phone=changed#phone$/);
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${next}`);
    expect(await adapters.volunteers.findByPhone(`+86${me.phone}`)).toBeUndefined();

    // The change ended the old session; the reply's goes on, and says it.
    const session = sessionOf(done);
    const after = await call(`${url}/me?phone=changed`, { headers: { cookie: `paidan_me=${session}` } });
    expect(after.text).toContain('蒋志愿');
    expect(after.text).toContain('手机号已更换');
    // The number they sign in with now, masked, for them to check.
    expect(after.text).toContain(`现在登录用的手机号：<strong>${next.slice(0, 3)}****${next.slice(-4)}</strong>`);
    expect((await call(`${url}/me`, { headers: { cookie: me.cookie } })).text).not.toContain('蒋志愿');

    const oldSignIn = await postForm(`${url}/me/sign-in`, { phone: me.phone, code: oldCode });
    expect(oldSignIn.status).toBe(400);
    expect(sessionOf(oldSignIn)).toBeUndefined();
    // The new number signs in (its sign-in code comes after the change's, by the notify queue).
    expect((await postForm(`${url}/me/code`, { phone: next })).status).toBe(200);
    const signInCode = await eventually(async () => {
      const codes = await changeCodesTo(next);
      return codes.length > 1 && codes[0];
    });
    const newSession = sessionOf(await postForm(`${url}/me/sign-in`, { phone: next, code: signInCode }));
    expect((await call(`${url}/me`, { headers: { cookie: `paidan_me=${newSession}` } })).text).toContain('蒋志愿');
  });

  it('refuses a wrong code, and a code asked for another number, at the code field, changing nothing', async () => {
    const { url, adapters } = local();
    const me = await signedInPerson('沈志愿');
    const [first, second] = [uniquePhone(), uniquePhone()];
    expect((await askCode(first, me.cookie)).status).toBe(200);
    const [code] = await changeCodesTo(first);

    const wrong = await confirm(first, otherThan(code!), me.cookie);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="f-code"[^>]*aria-invalid="true"/);
    expect(wrong.text).toContain('验证码不对，或已经用过');
    // The first number's code, sent with the second number: it confirms only the number it was sent to.
    const elsewhere = await confirm(second, code!, me.cookie);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('aria-invalid="true"');
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${me.phone}`);
    expect(await adapters.volunteers.findByPhone(`+86${second}`)).toBeUndefined();
    // Signed in still: nothing changed, so the session stands.
    expect((await call(`${url}/me`, { headers: { cookie: me.cookie } })).text).toContain('沈志愿');
  });

  it("answers the code step alike for another volunteer's number, whose code signs nobody in, and refuses the change with the merge message", async () => {
    const { url, adapters } = local();
    const me = await signedInPerson('韩志愿');
    const other = await signedInPerson('杨志愿');
    const free = uniquePhone();

    const forFree = await askCode(free, me.cookie);
    const forTaken = await askCode(other.phone, me.cookie);
    expect(forTaken.status).toBe(forFree.status);
    expect(forTaken.text.replaceAll(other.phone, 'N')).toBe(forFree.text.replaceAll(free, 'N'));

    const [code] = (await changeCodesTo(other.phone)) as [string];
    // Bound to this change: it is no sign-in code for the number's owner.
    const asSignIn = await postForm(`${url}/me/sign-in`, { phone: other.phone, code });
    expect(asSignIn.status).toBe(400);
    expect(sessionOf(asSignIn)).toBeUndefined();

    // Nor does the owner's sign-in code confirm the change.
    await spacingPassed(other.phone);
    const sent = (await changeCodesTo(other.phone)).length;
    expect((await postForm(`${url}/me/code`, { phone: other.phone })).status).toBe(200);
    const ownersCode = await eventually(async () => {
      const codes = await changeCodesTo(other.phone);
      return codes.length > sent && codes[0];
    });
    expect(ownersCode).not.toBe(code);
    expect((await confirm(other.phone, ownersCode, me.cookie)).status).toBe(400);

    const taken = await confirm(other.phone, code, me.cookie);
    expect(taken.status).toBe(409);
    expect(taken.text).toMatch(/id="f-phone"[^>]*aria-invalid="true"/);
    expect(taken.text).toContain('请联系服务站合并记录');
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${me.phone}`);
    expect((await adapters.volunteers.findByPhone(`+86${other.phone}`))?.id).toBe(other.id);
    expect((await call(`${url}/me`, { headers: { cookie: other.cookie } })).text).toContain('杨志愿');
  });

  it('says the number they have already is no change, sending no SMS', async () => {
    const { url } = local();
    const me = await signedInPerson('朱志愿');
    const before = (await smsOfKindTo(url, me.phone, 'sign-in-code')).length;
    const same = await askCode(me.phone, me.cookie);
    expect(same.status).toBe(303);
    expect(same.headers.get('location')).toMatch(/\/me\?phone=unchanged#phone$/);
    expect((await call(`${url}/me?phone=unchanged`, { headers: { cookie: me.cookie } })).text).toContain('没有变化');
    expect(await smsOfKindTo(url, me.phone, 'sign-in-code')).toHaveLength(before);
  });

  it('answers a double tap of 确认更换 as the change it made, never as a wrong code', async () => {
    const { adapters } = local();
    const me = await signedInPerson('韩志愿');
    const next = uniquePhone();
    expect((await askCode(next, me.cookie)).status).toBe(200);
    const [code] = await changeCodesTo(next);
    const both = await Promise.all([confirm(next, code!, me.cookie), confirm(next, code!, me.cookie)]);
    // Each is the change (the tap that lost the code's race finds the number theirs already), or,
    // come after the change ended the session, the sign-in that says to use the new number.
    for (const answer of both) {
      expect(answer.status, answer.text).toBe(303);
      expect(answer.headers.get('location')).toMatch(/\/me\?(phone=changed#phone|unsent=phone)$/);
    }
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${next}`);
  });

  it('leads a post without a session to the sign-in, sending and changing nothing', async () => {
    const { url, adapters } = local();
    const me = await signedInPerson('秦志愿');
    const next = uniquePhone();
    const noCode = await postForm(`${url}/me/phone/code`, { phone: next });
    expect(noCode.status).toBe(303);
    expect(noCode.headers.get('location')).toMatch(/\/me\?unsent=phone$/);
    // The sign-in says why, and what to do if the change itself ended the session.
    expect((await call(noCode.headers.get('location')!)).text).toContain('如果您刚刚更换了手机号，请用新号码登录');
    expect(await changeCodesTo(next)).toEqual([]);
    // A code asked for while signed in, posted signed out (or by a stranger with the number and code).
    expect((await askCode(next, me.cookie)).status).toBe(200);
    const [code] = await changeCodesTo(next);
    const noChange = await postForm(`${url}/me/phone`, { phone: next, code: code! });
    expect(noChange.status).toBe(303);
    expect(noChange.headers.get('location')).toMatch(/\/me\?unsent=phone$/);
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${me.phone}`);
    // A post another site's page sent is refused before it runs.
    const crossSite = await postForm(
      `${url}/me/phone`,
      { phone: next, code: code! },
      { cookie: me.cookie, 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${me.phone}`);
  });

  // Last: it spends this file's table's day of codes.
  it("is refused past the deployment's day of codes sent at once, as registering is, sending nothing", async () => {
    const { stack, adapters } = local();
    const me = await signedInPerson('许志愿');
    const { limit, windowSeconds } = REGISTRATION_CODES_PER_DAY;
    const window = windowStart(beijingDay(new Date()), windowSeconds);
    await createDocumentClient(stack.dynamodb).send(
      new PutCommand({ TableName: stack.tableName, Item: { ...keys.rateWindow('register-codes:deployment', window), n: limit } }),
    );
    const next = uniquePhone();
    const refused = await askCode(next, me.cookie);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('今天的验证码短信已经发完，请在');
    expect(refused.text).toContain('action="/me/phone/code"');
    expect(await changeCodesTo(next)).toEqual([]);
    expect((await adapters.volunteers.get(me.id))?.phone).toBe(`+86${me.phone}`);
  });
});
