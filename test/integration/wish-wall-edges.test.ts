/**
 * The wish wall's edges over HTTP on the local stack: a wall of exactly one page, a tampered
 * cursor, a claim for a unit with a bad or repeated unitId, a unit's give-up after another's, a
 * station's work in a district whose newest wishes lie elsewhere. (The wall's main paths: wish-wall.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { WALL_PAGE_SIZE } from '#shared/use-cases/wish-wall-view';
import { publishWish } from '#shared/use-cases/wish-review';
import { requestFixture } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const KEDA = '370902003009';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);

async function published(areaId: string, text = '一台收音机') {
  const { adapters } = local();
  const request = requestFixture({ serviceCode: 'micro-wish', status: 'REVIEW', areaId, attributes: { wishItem: '收音机' } });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await publishWish({ ...adapters, clock: { now: () => new Date() } }, { id: 'c', name: 'c', role: 'center' }, request.id, {
    text,
    wisher: '王奶奶',
  });
  return request.id;
}

async function unit(maxOpenClaims = 5, name = '区里的单位') {
  const reply = await postJson(
    `${local().url}/admin/work-units`,
    { name, areaId: '370902', contactName: '吴', contactPhone: '13800002222', maxOpenClaims },
    center(),
  );
  expect(reply.status).toBe(201);
  return reply.json().id as string;
}

describe('the wish wall’s edges', () => {
  it('offers no older page on a wall of exactly one page, and one on a wall of one more', async () => {
    const street = '370902003';
    const community = `${street}010`;
    for (let i = 0; i < WALL_PAGE_SIZE; i++) await published(community);
    const wall = async (area: string) => (await call(`${local().url}/wall/${area}`, { headers: { accept: 'text/html' } })).text;
    expect(await wall(community)).not.toContain('更早的心愿');
    await published('370902003011');
    expect(await wall(street)).toContain('更早的心愿');
  });

  it('pages on by the older link, and answers any other `after` with a 400 page naming it (review 64)', async () => {
    const street = '370902004';
    for (let i = 0; i <= WALL_PAGE_SIZE; i++) await published(`${street}001`, `第${i}个心愿`);
    const get = (query: string) => call(`${local().url}/wall/${street}${query}`, { headers: { accept: 'text/html' } });
    const after = (await get('')).text.match(/[?;]after=([A-Za-z0-9_-]+)/)?.[1];
    expect(after).toBeDefined();
    const older = await get(`?after=${after}`);
    expect(older.status).toBe(200);
    expect(older.text.match(/class="wish"/g)).toHaveLength(1);
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
    for (const bad of ['!!!', 'abc', b64('##'), b64('2026#'), b64('zzzz#x'), 'a'.repeat(300), '', `${after}&after=${after}`]) {
      const reply = await get(`?after=${bad}`);
      expect(reply.status, bad).toBe(400);
      expect(reply.text, bad).toContain('参数 after');
      expect(reply.text, bad).toContain(`href="/wall/${street}"`);
      expect(reply.text, bad).not.toContain('这里暂时没有待认领的心愿');
    }
    const json = await call(`${local().url}/wall/${street}?after=IyM`);
    expect(json.status).toBe(400);
    expect(json.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['after']);
  });

  it('answers a bad unitId with a 400 naming it, an unknown one with 404, and a repeated claim as the first', async () => {
    const { url } = local();
    const id = await published(KEDA);
    const unitId = await unit(1);
    for (const body of [{ unitId: 'a'.repeat(3000) }, { unitId: 7 }, {}]) {
      const reply = await postJson(`${url}/admin/wishes/${id}/claim`, body, station());
      expect(reply.status).toBe(400);
      expect(reply.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['unitId']);
    }
    expect((await postJson(`${url}/admin/wishes/${id}/claim`, { unitId: 'nounit' }, station())).status).toBe(404);
    const first = await postJson(`${url}/admin/wishes/${id}/claim`, { unitId }, station());
    expect(first.status).toBe(200);
    const again = await postJson(`${url}/admin/wishes/${id}/claim`, { unitId }, station());
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(first.json());
  });

  it('gives up the claim unit B holds after unit A gave the same wish up (review 64)', async () => {
    const { url, adapters } = local();
    const id = await published(KEDA);
    const [a, b] = [await unit(1, '单位甲'), await unit(1, '单位乙')];
    for (const [path, body] of [
      ['claim', { unitId: a }],
      ['give-up', {}],
      ['claim', { unitId: b }],
      ['give-up', {}],
    ] as const) {
      expect((await postJson(`${url}/admin/wishes/${id}/${path}`, body, station())).status).toBe(200);
    }
    expect(await adapters.requests.get(id)).toMatchObject({ status: 'PUBLISHED', givenUp: { claimer: { kind: 'unit', id: b } } });
    // Unit B's one open claim is free again.
    expect((await postJson(`${url}/admin/wishes/${await published(KEDA)}/claim`, { unitId: b }, station())).status).toBe(200);
  });

  it('shows a community’s staff the wishes a district’s unit may claim there, however many newer lie elsewhere', async () => {
    await unit();
    const here = await published(KEDA, '一把雨伞');
    for (let i = 0; i < 55; i++) await published('370902001001');
    const work = (await call(`${local().url}/admin/wishes`, { headers: station() })).json();
    expect(work.published.map((w: { id: string }) => w.id)).toContain(here);
  });
});
