import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { sha256 } from '#shared/domain/identifiers';
import { invitationPhoneKey, legacyInvitationPhoneKey, newInvitation } from '#shared/domain/team-invitation';
import { issueTeamToken } from '#shared/domain/team-token';
import { personKey } from '#shared/domain/volunteer';
import { call, postForm, postJson } from '../support/http';
import { KEDA, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { volunteerWithHours } from '../support/volunteer-with-hours';
import { uniquePhone } from '../support/served-order';
import { signedIn } from '../support/volunteer-session';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const OUTSIDE = '370911001005';

async function teamWithToken(id: string, overrides: Parameters<typeof teamFixture>[1] = {}) {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(id, { capacity: 5, name: { zh: `${id}队`, en: `${id} team` }, ...overrides }), []);
  const issued = issueTeamToken(id);
  await adapters.teams.setTokenHash(id, issued.hash);
  return bearer(issued.token);
}

const credits = (teamId: { authorization: string }, volunteerId: string) =>
  call(`${local().url}/volunteers/${encodeURIComponent(personKey(volunteerId))}/credits`, { headers: teamId });
const teamView = async (team: { authorization: string }) => (await call(`${local().url}/team/members`, { headers: team })).json();
const invite = (team: { authorization: string }, phone: string) => postJson(`${local().url}/team/members`, { phone }, team);
/** Posts a /me form as the page does; the page it leads to. */
const fromPage = (path: string, session: { cookie: string }, fields: Record<string, string> = {}) =>
  postForm(`${local().url}${path}`, fields, session);

describe('joining a team takes the volunteer’s consent', () => {
  it('keeps an invitation under a keyed hash of the phone, and still finds one made before, under the plain hash', async () => {
    const { url, adapters, stack } = local();
    const person = await volunteerWithHours(local(), '蒋志愿');
    const team = await teamWithToken('consent-k');
    const { invitation } = (await invite(team, person.phone)).json();
    const e164 = `+86${person.phone}`;
    const stored = await createDocumentClient(stack.dynamodb).send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.teamInvitation('consent-k', invitationPhoneKey(await adapters.signingKeys.identityKey(), e164)),
        UpdateExpression: 'SET checkedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(stored.Attributes?.id).toBe(invitation.id);
    // Not the plain hash, which the masked phone beside it would give back in 10,000 tries.
    expect(JSON.stringify(stored.Attributes)).not.toContain(sha256(`invitation:${e164}`));
    expect(JSON.stringify(stored.Attributes)).not.toContain(person.phone);

    // Made before the keyed hash: found on the person's page and accepted there.
    const before = await teamWithToken('consent-l');
    const legacy = {
      ...newInvitation(Buffer.alloc(32), 'consent-l', e164, '139****0000', new Date()),
      phoneKey: legacyInvitationPhoneKey(e164),
    };
    await adapters.invitations.invite(legacy, new Date());
    // Invited again: the same invitation, not a second one beside it.
    expect((await invite(before, person.phone)).json().invitation.id).toBe(legacy.id);
    expect((await teamView(before)).invitations.map((i: { id: string }) => i.id)).toEqual([legacy.id]);
    const session = await signedIn(url, person.phone);
    expect((await call(`${url}/me`, { headers: session })).text).toContain(legacy.id);
    expect((await postJson(`${url}/me/invitations/${legacy.id}/accept`, {}, session)).status).toBe(200);
    expect((await teamView(before)).members.map((m: { id: string }) => m.id)).toEqual([person.id]);
  });

  it('invites, and the team sees nothing of the person until they accept on their own page; then it sees their hours', async () => {
    const { url } = local();
    const person = await volunteerWithHours(local(), '卫志愿');
    const team = await teamWithToken('consent-a');

    const invited = await invite(team, person.phone);
    expect(invited.status, invited.text).toBe(202);
    const { invitation } = invited.json();
    expect(invitation).toEqual({
      id: expect.stringMatching(/^consent-a\./),
      phone: `${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`,
      invitedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(invited.text).not.toContain('卫志愿');
    expect(invited.text).not.toContain(person.id);
    // Before an answer: an invitation, no member, no ledger.
    expect(await teamView(team)).toEqual({ teamId: 'consent-a', members: [], invitations: [invitation] });
    expect((await credits(team, person.id)).status).toBe(404);
    // Inviting again while it waits is the same invitation.
    expect((await invite(team, person.phone)).json().invitation).toEqual(invitation);

    const session = await signedIn(url, person.phone);
    const page = await call(`${url}/me`, { headers: session });
    expect(page.text).toContain('consent-a队');
    expect(page.text).toContain(`action="/me/invitations/${invitation.id}/accept"`);
    expect(page.text).toContain(`action="/me/invitations/${invitation.id}/decline"`);

    const accepted = await fromPage(`/me/invitations/${invitation.id}/accept`, session);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(`${url}/me?team-notice=accepted#teams`);
    const members = (await teamView(team)).members;
    expect(members).toEqual([expect.objectContaining({ id: person.id, name: '卫志愿' })]);
    expect((await teamView(team)).invitations).toEqual([]);
    expect((await credits(team, person.id)).json()).toMatchObject({ hours: 0, hoursAllTeams: 2.5, history: [] });
    const after = await call(`${url}/me?team-notice=accepted`, { headers: session });
    expect(after.text).toContain('已加入服务队。');
    expect(after.text).toContain(`action="/me/teams/consent-a/leave"`);
    expect(after.text).not.toContain(`/me/invitations/${invitation.id}/accept`);

    // Accepting again, from the page or as JSON, is answered as the first time: one membership.
    expect((await fromPage(`/me/invitations/${invitation.id}/accept`, session)).headers.get('location')).toContain('team-notice=accepted');
    const again = await postJson(`${url}/me/invitations/${invitation.id}/accept`, {}, session);
    expect(again.status, again.text).toBe(200);
    expect(again.json()).toEqual({ teamId: 'consent-a' });
    expect((await teamView(team)).members).toHaveLength(1);
  });

  it('makes one membership of accepts that run at once', async () => {
    const { url, adapters } = local();
    const person = await volunteerWithHours(local(), '蒋志愿');
    const team = await teamWithToken('consent-race');
    const { invitation } = (await invite(team, person.phone)).json();
    const session = await signedIn(url, person.phone);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => postJson(`${url}/me/invitations/${invitation.id}/accept`, {}, session)),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await adapters.volunteers.members('consent-race')).toEqual([expect.objectContaining({ volunteerId: person.id })]);
    expect(await adapters.volunteers.teamsOf(person.id)).toEqual([expect.objectContaining({ teamId: 'consent-race' })]);
  });

  it('answers the same for a phone nobody registered, whose invitation waits for whoever registers it', async () => {
    const { url } = local();
    const team = await teamWithToken('consent-b');
    const known = await volunteerWithHours(local(), '沈志愿');
    const phone = uniquePhone();
    const [forKnown, forUnknown] = [await invite(team, known.phone), await invite(team, phone)];
    expect(forUnknown.status).toBe(forKnown.status);
    expect(Object.keys(forUnknown.json().invitation)).toEqual(Object.keys(forKnown.json().invitation));
    // Registered a week later at the station: their page shows the invitation.
    const person = (await postJson(`${url}/admin/volunteers`, { name: '韩志愿', phone, homeAreaId: KEDA }, center())).json();
    const session = await signedIn(url, phone);
    const { id } = forUnknown.json().invitation;
    expect((await call(`${url}/me`, { headers: session })).text).toContain(`/me/invitations/${id}/accept`);
    await fromPage(`/me/invitations/${id}/accept`, session);
    expect((await teamView(team)).members.map((m: { id: string }) => m.id)).toEqual([person.id]);
  });

  it('shows the team a declined invitation as if nobody had answered; accepting then is refused (410; the page says why)', async () => {
    const { url } = local();
    const person = await volunteerWithHours(local(), '杨志愿');
    const team = await teamWithToken('consent-c');
    const { invitation } = (await invite(team, person.phone)).json();
    const session = await signedIn(url, person.phone);
    const declined = await fromPage(`/me/invitations/${invitation.id}/decline`, session);
    expect(declined.headers.get('location')).toBe(`${url}/me?team-notice=declined#teams`);
    // What the team sees of a phone nobody registered: its invitation, waiting.
    expect(await teamView(team)).toEqual({ teamId: 'consent-c', members: [], invitations: [invitation] });
    expect((await credits(team, person.id)).status).toBe(404);

    const late = await postJson(`${url}/me/invitations/${invitation.id}/accept`, {}, session);
    expect(late.status).toBe(410);
    expect(late.json().error.code).toBe('GONE');
    const fromTheForm = await fromPage(`/me/invitations/${invitation.id}/accept`, session);
    expect(fromTheForm.headers.get('location')).toBe(`${url}/me?team-notice=invitation-gone#teams`);
    expect((await call(`${url}/me?team-notice=invitation-gone&lang=en`, { headers: session })).text).toContain(
      'This invitation is no longer valid',
    );
    expect((await teamView(team)).members).toEqual([]);
  });

  it('refuses to accept an invitation withdrawn by the team or past its 14 days (410), and makes no member', async () => {
    const { url, stack } = local();
    const person = await volunteerWithHours(local(), '朱志愿');
    const team = await teamWithToken('consent-d');
    const session = await signedIn(url, person.phone);

    const withdrawn = (await invite(team, person.phone)).json().invitation;
    const other = await teamWithToken('consent-e');
    expect((await call(`${url}/team/invitations/${withdrawn.id}`, { method: 'DELETE', headers: other })).status).toBe(404);
    expect((await call(`${url}/team/invitations/${withdrawn.id}`, { method: 'DELETE', headers: team })).status).toBe(200);
    expect((await call(`${url}/team/invitations/${withdrawn.id}`, { method: 'DELETE', headers: team })).status).toBe(404);
    expect((await call(`${url}/me`, { headers: session })).text).not.toContain(withdrawn.id);
    expect((await postJson(`${url}/me/invitations/${withdrawn.id}/accept`, {}, session)).status).toBe(410);

    // An invitation whose 14 days are over (its expiry moved back, as time would; TTL removes it only later).
    const lapsed = (await invite(team, person.phone)).json().invitation;
    expect(lapsed.id).not.toBe(withdrawn.id);
    const db = createDocumentClient(stack.dynamodb);
    const phoneKey = invitationPhoneKey(await local().adapters.signingKeys.identityKey(), `+86${person.phone}`);
    for (const Key of [keys.invitation(phoneKey, 'consent-d'), keys.teamInvitation('consent-d', phoneKey)])
      await db.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key,
          UpdateExpression: 'SET expiresAt = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
    expect((await teamView(team)).invitations).toEqual([]);
    expect((await call(`${url}/me`, { headers: session })).text).not.toContain(lapsed.id);
    expect((await postJson(`${url}/me/invitations/${lapsed.id}/accept`, {}, session)).status).toBe(410);
    expect((await fromPage(`/me/invitations/${lapsed.id}/accept`, session)).headers.get('location')).toContain('invitation-gone');
    expect((await teamView(team)).members).toEqual([]);
    expect((await credits(team, person.id)).status).toBe(404);
    // Not someone else's to answer, signed out neither.
    expect((await postForm(`${url}/me/invitations/${lapsed.id}/accept`, {})).headers.get('location')).toBe(`${url}/me`);
  });

  it('lets the volunteer leave a team from their page (a second tap confirms); the team no longer reads their hours', async () => {
    const { url } = local();
    const person = await volunteerWithHours(local(), '秦志愿');
    const team = await teamWithToken('consent-f');
    const { invitation } = (await invite(team, person.phone)).json();
    const session = await signedIn(url, person.phone);
    await fromPage(`/me/invitations/${invitation.id}/accept`, session);
    expect((await credits(team, person.id)).status).toBe(200);

    const asked = await fromPage('/me/teams/consent-f/leave', session);
    expect(asked.headers.get('location')).toBe(`${url}/me?leave=consent-f#teams`);
    expect((await credits(team, person.id)).status).toBe(200);
    expect((await call(`${url}/me?leave=consent-f`, { headers: session })).text).toContain('确定退出这支服务队吗？');
    const left = await fromPage('/me/teams/consent-f/leave', session, { confirm: 'yes' });
    expect(left.headers.get('location')).toBe(`${url}/me?team-notice=left#teams`);
    expect((await teamView(team)).members).toEqual([]);
    expect((await credits(team, person.id)).status).toBe(404);
  });

  it('lets staff attach a person in person, without an invitation, within their own area', async () => {
    const { url } = local();
    const person = await volunteerWithHours(local(), '许志愿');
    const team = await teamWithToken('consent-g');
    const attached = await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'consent-g' }, station());
    expect(attached.status, attached.text).toBe(200);
    expect(attached.json()).toEqual({ volunteerId: person.id, teamId: 'consent-g', since: expect.any(String) });
    expect((await credits(team, person.id)).json()).toMatchObject({ hours: 0, hoursAllTeams: 2.5, history: [] });
    // Again: the first `since` stays.
    expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'consent-g' }, station())).json().since).toBe(
      attached.json().since,
    );
    const none = await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'no-such-team' }, station());
    expect(none.status).toBe(400);
    expect(none.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['teamId']);
    // A team stationed outside the station staff member's area does not exist for them.
    await teamWithToken('consent-far', { stationAreaId: OUTSIDE, servesAreaId: OUTSIDE });
    expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'consent-far' }, station())).status).toBe(404);
    expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'consent-far' }, center())).status).toBe(200);
  });
});
