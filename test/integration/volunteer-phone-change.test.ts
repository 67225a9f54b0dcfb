import { describe, expect, it } from 'vitest';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postForm, postJson } from '../support/http';
import { KEDA, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { sessionOf, signInTools, uniquePhone } from '../support/volunteer-sign-in';

const local = useLocalStack();
const { codesSentTo, registered, spacingPassed } = signInTools(local);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = '370911001005';

const changePhone = (id: string, body: unknown, headers = station()) =>
  call(`${local().url}/admin/volunteers/${id}/phone`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A session cookie for the national `phone`, signed in with the code just sent to it. */
async function signIn(phone: string): Promise<{ cookie: string }> {
  expect((await postForm(`${local().url}/me/code`, { phone })).status).toBe(200);
  const [code] = await codesSentTo(phone);
  const reply = await postForm(`${local().url}/me/sign-in`, { phone, code: code! });
  expect(sessionOf(reply), reply.text).toBeTruthy();
  return { cookie: `paidan_me=${sessionOf(reply)}` };
}

const fieldsOf = (reply: { json(): { error: { fields: { field: string }[] } } }) => reply.json().error.fields.map((f) => f.field);

describe("staff change a volunteer's phone (PUT /admin/volunteers/{id}/phone)", () => {
  it('gives the person the new phone and frees the old one; refuses a bad or taken phone and another area’s person', async () => {
    const { url } = local();
    const { phone, id } = await registered('钟志愿');
    const other = await registered('钱志愿');

    const bad = await changePhone(id, { phone: '123' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['phone']);
    expect(fieldsOf(await changePhone(id, {}))).toEqual(['phone']);
    expect(fieldsOf(await changePhone(id, { phone: uniquePhone(), reason: 'because' }))).toEqual(['reason']);
    const taken = await changePhone(id, { phone: other.phone });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('field phone');
    // Someone of another area is not there for station staff; an id of nobody neither.
    const outsider = (
      await postJson(`${url}/admin/volunteers`, { name: '孙志愿', phone: uniquePhone(), homeAreaId: OUTSIDE }, center())
    ).json();
    expect((await changePhone(outsider.id, { phone: uniquePhone() })).status).toBe(404);
    expect((await changePhone('abcdefghjkmnpqrstvwx', { phone: uniquePhone() })).status).toBe(404);
    // Nothing of it was written.
    expect((await call(`${url}/admin/volunteers?phone=${phone}`, { headers: station() })).json().id).toBe(id);

    const next = uniquePhone();
    const changed = await changePhone(id, { phone: next, reason: 'recycled' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json()).toMatchObject({ id, name: '钟志愿', phone: `+86${next}`, changed: true });
    // The same phone again changes nothing.
    const again = await changePhone(id, { phone: next });
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ id, phone: `+86${next}`, changed: false });
    expect((await call(`${url}/admin/volunteers?phone=${next}`, { headers: station() })).json().id).toBe(id);
    expect((await call(`${url}/admin/volunteers?phone=${phone}`, { headers: station() })).status).toBe(404);
    // A center admin, above the area, changes it too.
    expect((await changePhone(id, { phone: uniquePhone() }, center())).json()).toMatchObject({ changed: true });
  });

  it('ends the sessions signed in before the change; a code asked for the old phone signs only its new holder in', async () => {
    const { url } = local();
    const { phone: old, id } = await registered('冯志愿');
    const before = await signIn(old);
    expect((await call(`${url}/me`, { headers: before })).text).toContain('冯志愿');
    // A code asked for the old phone before the change, typed after it.
    await spacingPassed(old);
    expect((await postForm(`${url}/me/code`, { phone: old })).status).toBe(200);
    const [pending] = await codesSentTo(old);

    const next = uniquePhone();
    expect((await changePhone(id, { phone: next, reason: 'recycled' })).status).toBe(200);

    // The session from before reads as signed out: the sign-in page, on every /me route.
    const page = await call(`${url}/me`, { headers: before });
    expect(page.text).not.toContain('冯志愿');
    expect(page.text).toContain('name="phone"');
    const accept = await call(`${url}/me/invitations/consent-x.abcdefghjkmnpqrstvwx/accept`, {
      method: 'POST',
      headers: { ...before, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(accept.status).toBe(303);
    expect(accept.headers.get('location')).toBe(`${url}/me`);

    // The old number's code names no one now.
    const typed = await postForm(`${url}/me/sign-in`, { phone: old, code: pending! });
    expect(typed.status).toBe(400);
    expect(sessionOf(typed)).toBeFalsy();
    expect(typed.text).not.toContain('冯志愿');

    // The new holder of the old number, registered with it, signs in as themselves only.
    expect((await postJson(`${url}/admin/volunteers`, { name: '褚志愿', phone: old, homeAreaId: KEDA }, station())).status).toBe(201);
    await spacingPassed(old);
    const holder = await call(`${url}/me`, { headers: await signIn(old) });
    expect(holder.text).toContain('褚志愿');
    expect(holder.text).not.toContain('冯志愿');

    // The person signs in with their new phone, and that session holds.
    const now = await signIn(next);
    expect((await call(`${url}/me`, { headers: now })).text).toContain('冯志愿');
    expect((await call(`${url}/me`, { headers: now })).text).toContain('冯志愿');
  });

  it('leaves an invitation to the old phone for that phone: the person no longer sees or takes it', async () => {
    const { url, adapters } = local();
    const { phone: old, id } = await registered('蒋志愿');
    await adapters.teams.register(teamFixture('phone-change-a', { capacity: 5, name: { zh: '换号队', en: 'Renumbered team' } }), []);
    const issued = issueTeamToken('phone-change-a');
    await adapters.teams.setTokenHash('phone-change-a', issued.hash);
    const invited = await postJson(`${url}/team/members`, { phone: old }, bearer(issued.token));
    expect(invited.status, invited.text).toBe(202);
    const { invitation } = invited.json();

    const next = uniquePhone();
    expect((await changePhone(id, { phone: next })).status).toBe(200);
    const session = await signIn(next);
    expect((await call(`${url}/me`, { headers: session })).text).not.toContain('换号队');
    const accepted = await postJson(`${url}/me/invitations/${invitation.id}/accept`, {}, session);
    expect(accepted.status).toBe(410);
    expect((await call(`${url}/team/members`, { headers: bearer(issued.token) })).json().members).toEqual([]);
  });
});
