import { describe, expect, it } from 'vitest';
import { issueTeamToken } from '#shared/domain/team-token';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { acceptedAgo } from '../support/visit-time';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = { 'content-type': 'application/json' };

async function teamWithToken(id: string, serviceCode: string) {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(id, { services: [serviceCode], capacity: 3 }), [serviceCode]);
  const issued = issueTeamToken(id);
  await adapters.teams.setTokenHash(id, issued.hash);
  return issued.token;
}

async function offered(serviceCode: string) {
  const { adapters } = local();
  const request = requestFixture({ serviceCode, contact: { name: '冯秀英', phone: '+8613722223333', address: '科大社区8号楼' } });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
  return request.id;
}

describe('a team with its API token', () => {
  it('lists its offers masked, accepts one, and then sees it among its orders with the full contact', async () => {
    const { url } = local();
    const token = await teamWithToken('tokened', 'token-test');
    const id = await offered('token-test');
    const offers = (await call(`${url}/team/offers`, { headers: bearer(token) })).json();
    expect(offers.team).toEqual({ id: 'tokened', name: teamFixture('tokened').name });
    expect(offers.offers).toEqual([
      expect.objectContaining({ requestId: id, state: 'open', resident: { name: '冯**', phone: '137****3333' } }),
    ]);
    expect((await call(`${url}/team/orders`, { headers: bearer(token) })).json().orders).toEqual([]);

    const accepted = await call(`${url}/offers/${id}/accept`, { method: 'POST', headers: bearer(token) });
    expect(accepted.json()).toEqual({ id, answer: 'accepted' });
    expect((await call(`${url}/team/offers`, { headers: bearer(token) })).json().offers).toEqual([]);
    const orders = (await call(`${url}/team/orders`, { headers: bearer(token) })).json().orders;
    expect(orders).toEqual([
      expect.objectContaining({
        requestId: id,
        state: 'accepted',
        resident: { name: '冯秀英', phone: '+8613722223333', address: '科大社区8号楼' },
      }),
    ]);
  });

  it('gets 401 and no data for a missing, malformed or wrong token', async () => {
    const { url } = local();
    const token = await teamWithToken('guarded', 'guard-test');
    const [teamId, secret] = token.split('.');
    for (const headers of [
      {},
      bearer('nonsense'),
      bearer(`${teamId}.${'A'.repeat(43)}`),
      bearer(`other-team.${secret}`),
      { authorization: token },
    ]) {
      const reply = await call(`${url}/team/offers`, { headers });
      expect(reply.status).toBe(401);
      expect(reply.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    }
  });

  it('completes its order with the volunteers’ minutes, giving its capacity back; another team sees nothing', async () => {
    const { url, adapters } = local();
    const token = await teamWithToken('finisher', 'finish-test');
    const stranger = await teamWithToken('stranger', 'unrelated-test');
    const id = await offered('finish-test');
    await call(`${url}/offers/${id}/accept`, { method: 'POST', headers: bearer(token) });
    await acceptedAgo(local(), id);
    expect((await adapters.teams.get('finisher'))!.active).toBe(1);

    expect(
      (await call(`${url}/offers/${id}/decline`, { method: 'POST', headers: { ...bearer(stranger), ...json }, body: '{"reason":"busy"}' }))
        .status,
    ).toBe(404);
    const report = {
      note: '更换了保险丝',
      hours: [
        { volunteer: '李同学', minutes: 50 },
        { volunteer: 'v-1024', minutes: 20 },
      ],
    };
    expect(
      (
        await call(`${url}/requests/${id}/complete`, {
          method: 'POST',
          headers: { ...bearer(stranger), ...json },
          body: JSON.stringify(report),
        })
      ).status,
    ).toBe(404);
    const bad = await call(`${url}/requests/${id}/complete`, {
      method: 'POST',
      headers: { ...bearer(token), ...json },
      body: '{"hours":[]}',
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['hours']);

    const done = await call(`${url}/requests/${id}/complete`, {
      method: 'POST',
      headers: { ...bearer(token), ...json },
      body: JSON.stringify(report),
    });
    expect(done.status).toBe(200);
    expect(done.json()).toMatchObject({ id, status: 'COMPLETED' });
    expect(await adapters.requests.get(id)).toMatchObject({
      status: 'COMPLETED',
      completion: { note: '更换了保险丝', hours: report.hours },
    });
    expect((await adapters.teams.get('finisher'))!.active).toBe(0);
    const again = (body: unknown) =>
      call(`${url}/requests/${id}/complete`, { method: 'POST', headers: { ...bearer(token), ...json }, body: JSON.stringify(body) });
    // The same report again (its answer lost) is answered as the first; another is a 409, before its rows are read.
    const twin = await again(report);
    expect(twin.status).toBe(200);
    expect(twin.json()).toEqual(done.json());
    expect((await adapters.teams.get('finisher'))!.active).toBe(0);
    expect((await again({ ...report, note: '另一份报告' })).status).toBe(409);
    expect((await again({ hours: [{ volunteerId: 'x0x0x0x0x0x0x0x0x0x0', minutes: 5 }] })).status).toBe(409);
    expect((await call(`${url}/team/orders`, { headers: bearer(token) })).json().orders).toEqual([]);
  });

  it('refuses minutes past the time since it accepted with a 400 naming the record, and changes nothing', async () => {
    const { url, adapters } = local();
    const token = await teamWithToken('bounded', 'bound-test');
    const id = await offered('bound-test');
    expect((await call(`${url}/offers/${id}/accept`, { method: 'POST', headers: bearer(token) })).status).toBe(200);
    // Accepted half an hour ago: a minute begun counts, so 31 minutes is the most anyone served.
    await acceptedAgo(local(), id, 30);
    const before = await adapters.requests.getWithTimeline(id);
    const complete = (hours: unknown) =>
      call(`${url}/requests/${id}/complete`, { method: 'POST', headers: { ...bearer(token), ...json }, body: JSON.stringify({ hours }) });

    const tooLong = await complete([
      { volunteer: '李同学', minutes: 25 },
      { volunteer: '王师傅', minutes: 45 },
      { volunteer: '赵阿姨', minutes: 10_000 },
    ]);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid input: hours.2.minutes',
      fields: [{ field: 'hours.2.minutes', message: 'Too big: expected number to be <=1440' }],
    });
    const pastAcceptance = await complete([
      { volunteer: '李同学', minutes: 25 },
      { volunteer: '王师傅', minutes: 45 },
    ]);
    expect(pastAcceptance.status).toBe(400);
    expect(pastAcceptance.json().error.fields).toEqual([
      { field: 'hours.1.minutes', message: 'At most 31 minutes: the time since the order was accepted' },
    ]);
    // One row per person: a second row of the same volunteer is refused, naming it.
    const twice = await complete([
      { volunteer: '李同学', minutes: 15 },
      { volunteer: '李同学', minutes: 15 },
    ]);
    expect(twice.status).toBe(400);
    expect(twice.json().error.fields).toEqual([{ field: 'hours.1.volunteer', message: 'Listed twice' }]);

    // Nothing was written: the request and its timeline as they were, the team's capacity still taken.
    expect(await adapters.requests.getWithTimeline(id)).toEqual(before);
    expect((await adapters.teams.get('bounded'))!.active).toBe(1);
    const done = await complete([
      { volunteer: '李同学', minutes: 25 },
      { volunteer: '王师傅', minutes: 30 },
    ]);
    expect(done.status).toBe(200);
    expect((await adapters.teams.get('bounded'))!.active).toBe(0);
  });
});
