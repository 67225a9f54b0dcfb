import { describe, expect, it } from 'vitest';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postJson, validSubmission } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { acceptedAgo } from '../support/visit-time';

const local = useLocalStack();
const json = { 'content-type': 'application/json' };

/** A request submitted over HTTP, offered to, accepted and completed by a team with a token. */
async function completedOverHttp(teamId: string) {
  const { url, adapters } = local();
  await adapters.teams.register(teamFixture(teamId, { capacity: 20 }), ['appliance-repair']);
  const issued = issueTeamToken(teamId);
  await adapters.teams.setTokenHash(teamId, issued.hash);
  const team = { authorization: `Bearer ${issued.token}` };
  const created = (await postJson(`${url}/requests`, validSubmission())).json();
  const offered = await eventually(async () => {
    const r = await adapters.requests.get(created.id);
    return r?.status === 'OFFERED' && r;
  });
  const holder = offered.offer!.teamId;
  expect(holder).toBe(teamId);
  await call(`${url}/offers/${created.id}/accept`, { method: 'POST', headers: team });
  await acceptedAgo(local(), created.id);
  const done = await call(`${url}/requests/${created.id}/complete`, {
    method: 'POST',
    headers: { ...team, ...json },
    body: '{"hours":[{"volunteer":"小李","minutes":30}]}',
  });
  expect(done.status).toBe(200);
  return { ...(created as { id: string; accessToken: string }), team };
}

describe('the resident after completion', () => {
  it('rates from the status page without JavaScript, which closes the request, once', async () => {
    const { url, adapters } = local();
    const created = await completedOverHttp('rated-team');
    const statusUrl = `${url}/requests/${created.id}?token=${created.accessToken}`;
    const page = await call(statusUrl, { headers: { accept: 'text/html' } });
    expect(page.text).toContain(`action="${url}/requests/${created.id}/rating?token=${created.accessToken}"`);
    expect(page.text).toContain(`action="${url}/requests/${created.id}/reopen?token=${created.accessToken}"`);

    const bad = await call(`${url}/requests/${created.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken, ...json },
      body: '{"stars":0}',
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('stars');
    // From the page: the status page again, naming the comment, with what was typed.
    const tooLong = `${'师傅很耐心，修好了收音机'.repeat(42)}\r\n谢谢`;
    const refused = await call(`${url}/requests/${created.id}/rating?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ stars: '4', comment: tooLong }).toString(),
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('评价没有提交');
    expect(refused.text).toContain('想说的话（选填）：最多 500 字');
    expect(refused.text).toContain(`${tooLong}</textarea>`);
    expect(refused.text).toContain('value="4" checked');
    expect((await adapters.requests.get(created.id))?.status).toBe('COMPLETED');
    // The page chooses no star: sent without one, it asks for one at the stars, the words kept.
    expect(page.text).not.toContain(' checked');
    const noStar = await call(`${url}/requests/${created.id}/rating?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ comment: '很及时' }).toString(),
    });
    expect(noStar.status).toBe(400);
    expect(noStar.text).toContain('<a href="#stars-5">满意程度：请选一个星级（1 到 5 星）</a>');
    expect(noStar.text).toContain('很及时</textarea>');
    expect((await adapters.requests.get(created.id))?.status).toBe('COMPLETED');
    const rated = await call(`${url}/requests/${created.id}/rating?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ stars: '4', comment: '很及时' }).toString(),
    });
    expect(rated.status).toBe(303);
    expect(await adapters.requests.get(created.id)).toMatchObject({ status: 'CLOSED', rating: { stars: 4, comment: '很及时' } });
    const again = await call(`${url}/requests/${created.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken, ...json },
      body: '{"stars":1}',
    });
    expect(again.status).toBe(409);
    // The same from a page opened before it was rated: back to the status page, which says it was not done.
    const stale = await call(`${url}/requests/${created.id}/rating?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ stars: '1' }).toString(),
    });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe(`${statusUrl}&changed=1`);
    expect((await call(stale.headers.get('location')!, { headers: { accept: 'text/html' } })).text).toContain('刚才的操作没有执行');
    // And with a comment too long: the page has no rating form now to name it on, so the same.
    const staleTooLong = await call(`${url}/requests/${created.id}/rating?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ stars: '2', comment: tooLong }).toString(),
    });
    expect([staleTooLong.status, staleTooLong.headers.get('location')]).toEqual([303, `${statusUrl}&changed=1`]);
    // The same rating tapped twice: done as asked, nothing to say.
    const twice = await call(`${url}/requests/${created.id}/rating?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ stars: '4', comment: '很及时' }).toString(),
    });
    expect(twice.status).toBe(303);
    expect(twice.headers.get('location')).toBe(statusUrl);
    const closed = await call(statusUrl, { headers: { accept: 'text/html' } });
    expect(closed.text).toContain('★★★★☆');
    expect(closed.text).not.toContain('/rating?token=');
    expect(closed.text).not.toContain('/reopen?token=');
    expect((await call(`${url}/requests/${created.id}/rating`, { method: 'POST', headers: json, body: '{"stars":5}' })).status).toBe(404);
  });

  it('answers a second tap on cancel with the status page as it is, not with "not done"', async () => {
    const { url } = local();
    const created = (await postJson(`${url}/requests`, validSubmission({ phone: '13912347001' }))).json<{
      id: string;
      accessToken: string;
    }>();
    const statusUrl = `${url}/requests/${created.id}?token=${created.accessToken}`;
    const tap = () =>
      call(`${url}/requests/${created.id}/cancel?token=${created.accessToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: 'confirm=yes',
      });
    // The first tap only asks: back to the page, at the question.
    const ask = await call(`${url}/requests/${created.id}/cancel?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
    });
    expect([ask.status, ask.headers.get('location')]).toEqual([303, `${statusUrl}&cancel=confirm#cancel-confirm`]);
    const taps = await Promise.all([tap(), tap()]);
    expect(taps.map((t) => [t.status, t.headers.get('location')])).toEqual([
      [303, statusUrl],
      [303, statusUrl],
    ]);
    expect((await tap()).headers.get('location')).toBe(statusUrl);
    expect((await call(statusUrl, { headers: { accept: 'text/html' } })).text).not.toContain('刚才的操作没有执行');
  });

  it('reopens within seven days, the same team is offered it again, and both visits are credited at the close', async () => {
    const { url, adapters } = local();
    const created = await completedOverHttp('reopened-team');
    const reopened = await call(`${url}/requests/${created.id}/reopen`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken },
    });
    expect(reopened.json()).toEqual({ id: created.id, status: 'WAITING' });
    const offered = await eventually(async () => {
      const r = await adapters.requests.get(created.id);
      return r?.status === 'OFFERED' && r;
    });
    expect(offered.offer!.teamId).toBe('reopened-team');

    await call(`${url}/offers/${created.id}/accept`, { method: 'POST', headers: created.team });
    await acceptedAgo(local(), created.id);
    const again = await call(`${url}/requests/${created.id}/complete`, {
      method: 'POST',
      headers: { ...created.team, ...json },
      body: '{"hours":[{"volunteer":"李四","minutes":60}]}',
    });
    expect(again.status).toBe(200);
    expect((await adapters.requests.get(created.id))!.earlierCompletions).toEqual([
      {
        completedAt: expect.any(String),
        team: { id: 'reopened-team', name: 'reopened-team' },
        hours: [{ volunteer: '小李', minutes: 30 }],
      },
    ]);
    await call(`${url}/requests/${created.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken, ...json },
      body: '{"stars":5}',
    });
    expect(await adapters.credits.balance('reopened-team:小李')).toMatchObject({ hours: 0.5, pointsEarned: 0.125 });
    expect(await adapters.credits.balance('reopened-team:李四')).toMatchObject({ hours: 1, pointsEarned: 0.25 });
  });

  it('answers a second tap on reopen, at once or after dispatch offered it again, with the status page, not with "not done"', async () => {
    const { url, adapters } = local();
    const created = await completedOverHttp('double-tap-team');
    const statusUrl = `${url}/requests/${created.id}?token=${created.accessToken}`;
    const tap = () =>
      call(`${url}/requests/${created.id}/reopen?token=${created.accessToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: '',
      });
    // The first tap only asks: back to the page, at the question.
    const ask = await call(`${url}/requests/${created.id}/cancel?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
    });
    expect([ask.status, ask.headers.get('location')]).toEqual([303, `${statusUrl}&cancel=confirm#cancel-confirm`]);
    const taps = await Promise.all([tap(), tap()]);
    expect(taps.map((t) => [t.status, t.headers.get('location')])).toEqual([
      [303, statusUrl],
      [303, statusUrl],
    ]);
    // The status has moved on by itself: dispatched again to the team that did the work.
    await eventually(async () => (await adapters.requests.get(created.id))?.status === 'OFFERED');
    expect((await tap()).headers.get('location')).toBe(statusUrl);
    expect((await call(statusUrl, { headers: { accept: 'text/html' } })).text).not.toContain('刚才的操作没有执行');
  });
});
