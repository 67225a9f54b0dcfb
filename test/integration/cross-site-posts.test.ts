/**
 * Posts another site's page sends are refused (shared/http/cross-site.ts): the volunteer's cookie
 * does not act for a sibling subdomain's page, and no foreign form signs a browser in or out.
 */
import { describe, expect, it } from 'vitest';
import { issueTeamToken } from '#shared/domain/team-token';
import { personKey } from '#shared/domain/volunteer';
import { teamFixture } from '../support/fixtures';
import { call, postForm, postJson } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { volunteerWithHours } from '../support/volunteer-with-hours';
import { codesSentTo, signedIn } from '../support/volunteer-session';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/x' };
/** A page on a sibling host of the same registrable domain: SameSite=Lax sends the cookie. */
const sameSite = { origin: 'https://blog.example.gov.cn', 'sec-fetch-site': 'same-site' };

describe('posts from another site', () => {
  it('do not leave a team with the volunteer’s cookie; the same post from our own page does', async () => {
    const { url, adapters } = local();
    const person = await volunteerWithHours(local(), '秦志愿');
    await adapters.teams.register(teamFixture('xsite-t', { capacity: 5, name: { zh: '跨站队', en: 'Cross' } }), []);
    const issued = issueTeamToken('xsite-t');
    await adapters.teams.setTokenHash('xsite-t', issued.hash);
    const team = bearer(issued.token);
    const { invitation } = (await postJson(`${url}/team/members`, { phone: person.phone }, team)).json();
    const session = await signedIn(url, person.phone);
    await postForm(`${url}/me/invitations/${invitation.id}/accept`, {}, { ...session, 'sec-fetch-site': 'same-origin' });
    const credits = `${url}/volunteers/${encodeURIComponent(personKey(person.id))}/credits`;
    expect((await call(credits, { headers: team })).status).toBe(200);

    // What a sibling page's fetch(…, { method: 'POST', credentials: 'include' }) sends: the cookie, no body.
    for (const headers of [sameSite, crossSite, { origin: 'https://blog.example.gov.cn' }, { origin: 'null' }]) {
      const refused = await call(`${url}/me/teams/xsite-t/leave`, { method: 'POST', headers: { ...session, ...headers, accept: '*/*' } });
      expect([refused.status, refused.json().error.code]).toEqual([403, 'CROSS_SITE_REQUEST']);
    }
    expect((await call(credits, { headers: team })).status).toBe(200);

    // A form post asks first whatever its Accept (a form body is a page's): only confirm=yes acts.
    const asked = await postForm(
      `${url}/me/teams/xsite-t/leave`,
      { lang: 'zh' },
      { ...session, 'sec-fetch-site': 'same-origin', accept: 'application/json' },
    );
    expect([asked.status, asked.headers.get('location')]).toEqual([303, expect.stringContaining('leave=xsite-t')]);
    expect((await call(credits, { headers: team })).status).toBe(200);

    // A client that is no page (no Sec-Fetch-Site, our Origin or none) acts at once, as api.md says.
    const left = await call(`${url}/me/teams/xsite-t/leave`, {
      method: 'POST',
      headers: { ...session, 'sec-fetch-site': 'same-origin', origin: new URL(url).origin, accept: '*/*' },
    });
    expect([left.status, left.json().left]).toEqual([200, true]);
    expect((await call(credits, { headers: team })).status).toBe(404);
  });

  it('do not sign a browser in to another’s account, nor out, and tell a browser why in both languages', async () => {
    const { url } = local();
    const attacker = await volunteerWithHours(local(), '赵攻击');
    expect((await postForm(`${url}/me/code`, { phone: attacker.phone })).status).toBe(200);
    const code = (await codesSentTo(url, attacker.phone)).at(-1) ?? '';

    const forged = await postForm(`${url}/me/sign-in`, { phone: attacker.phone, code }, crossSite);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    expect(forged.text).toContain('来自其他网站的提交');
    const english = await postForm(`${url}/me/sign-in?lang=en`, { phone: attacker.phone, code }, crossSite);
    expect([english.status, english.text]).toEqual([403, expect.stringContaining('Refused: sent from another site')]);
    const out = await postForm(`${url}/me/sign-out`, {}, crossSite);
    expect([out.status, out.headers.get('set-cookie')]).toEqual([403, null]);

    // The code was not used up: the attacker's own browser signs in with it.
    const own = await postForm(`${url}/me/sign-in`, { phone: attacker.phone, code }, { 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(303);
    expect(own.headers.get('set-cookie')).toMatch(/paidan_me=[^;]+/);
  });
});
