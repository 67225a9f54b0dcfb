/**
 * A request whose details item (`REQ#DETAILS`) is gone: the lists it is on, its status page and
 * its team's answers still work, say its text is unavailable, and never write it back empty.
 */
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import { statusEvent, withStatus } from '#shared/domain/service-request';
import { issueTeamToken } from '#shared/domain/team-token';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { requestFixture, teamFixture } from '../support/fixtures';
import { call } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { tapOutput } from '../support/output-tap';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const long = '家里的收音机没有声音了，老人每天都要听戏曲和新闻。'.repeat(10);

describe('a request whose details item is missing', () => {
  const db = () => createDocumentClient(local().stack.dynamodb);
  const stored = async (key: object) => (await db().send(new GetCommand({ TableName: local().stack.tableName, Key: key }))).Item;

  /** Two long requests offered to one team; the first one's details item then deleted. */
  async function offeredPair(teamId: string) {
    const { adapters } = local();
    await adapters.teams.register(teamFixture(teamId, { services: [`${teamId}-test`], capacity: 3 }), [`${teamId}-test`]);
    const issued = issueTeamToken(teamId);
    await adapters.teams.setTokenHash(teamId, issued.hash);
    const accessToken = newAccessToken();
    const damaged = requestFixture({
      serviceCode: `${teamId}-test`,
      description: long,
      preferredTime: '周末上午',
      accessTokenHash: sha256(accessToken),
    });
    const whole = requestFixture({ serviceCode: `${teamId}-test`, description: long });
    for (const request of [damaged, whole]) {
      await adapters.requests.create({ request, events: [], outbox: [] });
      await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    }
    expect(await stored(keys.requestDetails(damaged.id))).toBeDefined();
    await db().send(new DeleteCommand({ TableName: local().stack.tableName, Key: keys.requestDetails(damaged.id) }));
    return { damaged, whole, teamToken: issued.token, accessToken };
  }

  it('is listed among its team’s offers and orders as unavailable, beside the others in full, and logged by its id', async () => {
    const { url } = local();
    const tap = tapOutput();
    try {
      const { damaged, whole, teamToken } = await offeredPair('patchy');
      const offers = await call(`${url}/team/offers`, { headers: bearer(teamToken) });
      expect(offers.status).toBe(200);
      const byId = new Map((offers.json().offers as { requestId: string }[]).map((o) => [o.requestId, o]));
      expect(byId.get(damaged.id)).toMatchObject({ detailsUnavailable: true, description: '', answers: [] });
      expect(byId.get(damaged.id)).not.toHaveProperty('preferredTime');
      expect(byId.get(whole.id)).toMatchObject({ description: expect.stringContaining('收音机') });
      expect(byId.get(whole.id)).not.toHaveProperty('detailsUnavailable');
      expect(tap.text()).toMatch(new RegExp(`request details missing.*${damaged.id}`));

      // Accepting it writes the request without its text: still kept apart, nothing empty stored in its place.
      const accepted = await call(`${url}/offers/${damaged.id}/accept`, { method: 'POST', headers: bearer(teamToken) });
      expect(accepted.json()).toEqual({ id: damaged.id, answer: 'accepted' });
      const item = await stored(keys.request(damaged.id));
      expect(item).toMatchObject({ status: 'ACCEPTED', detailsApart: true });
      expect(
        Object.keys(item!).filter((name) => ['description', 'attributes', 'preferredTime', 'detailsUnavailable'].includes(name)),
      ).toEqual([]);
      const orders = (await call(`${url}/team/orders`, { headers: bearer(teamToken) })).json().orders;
      expect(orders).toEqual([expect.objectContaining({ requestId: damaged.id, state: 'accepted', detailsUnavailable: true })]);
    } finally {
      tap.stop();
    }
  });

  it('still shows the resident their request, saying the text cannot be shown, in JSON and on the page, and staff its detail', async () => {
    const { url } = local();
    const { damaged, accessToken } = await offeredPair('lookedup');
    const view = await call(`${url}/requests/${damaged.id}?format=json`, { headers: { 'x-access-token': accessToken } });
    expect(view.status).toBe(200);
    expect(view.json()).toMatchObject({ id: damaged.id, status: 'OFFERED', description: '', detailsUnavailable: true });
    const page = await call(`${url}/requests/${damaged.id}?token=${accessToken}&lang=en`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your description cannot be shown at the moment');
    // Staff see it too, with the flag their console shows as unavailable text.
    const detail = await call(`${url}/admin/requests/${damaged.id}`, { headers: bearer(local().stack.adminTokens.center) });
    expect(detail.status).toBe(200);
    expect(detail.json()).toMatchObject({ request: { id: damaged.id, detailsUnavailable: true, description: '' }, answers: [] });
  });

  it('leaves its service’s waiting line answering', async () => {
    const { adapters } = local();
    const request = requestFixture({ serviceCode: 'patchy-wait', description: long });
    const other = requestFixture({ serviceCode: 'patchy-wait', description: long });
    for (const r of [request, other]) {
      await adapters.requests.create({ request: r, events: [], outbox: [] });
      const before = (await adapters.requests.get(r.id))!;
      const after = withStatus(before, 'WAITING', new Date().toISOString());
      await adapters.requests.changeStatus({ before, after, event: statusEvent(after, { zh: '等', en: 'wait' }, 'system') });
    }
    await db().send(new DeleteCommand({ TableName: local().stack.tableName, Key: keys.requestDetails(request.id) }));
    const line = await adapters.requests.waiting('patchy-wait', request.areaId, 10);
    expect(line.map((r) => [r.id, r.detailsUnavailable ?? false, r.description.length > 0])).toEqual(
      expect.arrayContaining([
        [request.id, true, false],
        [other.id, false, true],
      ]),
    );
    expect(await adapters.requests.get(request.id)).toMatchObject({ status: 'WAITING', detailsUnavailable: true, attributes: {} });
  });
});
