/** The areas admin API against the local stack: browse by level, rename, retire and restore. */
import { describe, expect, it } from 'vitest';
import { call, postJson, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { forgedToken } from '../support/staff-tokens';

const local = useLocalStack();
const send = (method: string, path: string, token: string, body?: unknown) =>
  call(`${local().url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('the areas admin API', () => {
  it('says who the caller is as the API decides it: the role and the area, nothing personal; 401 without a token', async () => {
    const { stack, url } = local();
    expect((await send('GET', '/admin/me', stack.adminTokens.center)).json()).toEqual({ role: 'center' });
    expect((await send('GET', '/admin/me', stack.adminTokens.station)).json()).toEqual({ role: 'station', areaId: '370902003009' });
    const county = await forgedToken(stack, { claims: { sub: 'daiyue-center', groups: ['center-admin'], paidan_area: '370911' } });
    expect((await send('GET', '/admin/me', county)).json()).toEqual({ role: 'center', areaId: '370911' });
    expect((await call(`${url}/admin/me`)).status).toBe(401);
  });

  it('lists an area and its children a level at a time; station staff see only their own subtree', async () => {
    const { center, station } = local().stack.adminTokens;
    const top = (await send('GET', '/admin/areas', center)).json();
    expect(top.area).toMatchObject({ id: '37', level: 'province' });
    expect(top.children.map((a: { id: string }) => a.id)).toEqual(['3709']);
    const taishan = (await send('GET', '/admin/areas/370902', center)).json();
    expect(taishan.children.map((a: { level: string }) => a.level)).toEqual(taishan.children.map(() => 'street'));
    expect(taishan.children.map((a: { id: string }) => a.id)).toContain('370902003');

    const own = await send('GET', '/admin/areas', station);
    expect(own.status).toBe(200);
    expect(own.json()).toEqual({ area: expect.objectContaining({ id: '370902003009' }), children: [] });
    expect((await send('GET', '/admin/areas/370902', station)).status).toBe(404);
    expect((await send('PATCH', '/admin/areas/370902003009', station, { name: { zh: '科大', en: 'Keda' } })).status).toBe(404);
  });

  it('renames the display name (the official name stays) and refuses a bad body naming the field', async () => {
    const { center } = local().stack.adminTokens;
    const renamed = await send('PATCH', '/admin/areas/370902003009', center, { name: { zh: '科大社区（泰前）', en: 'Keda Community' } });
    expect(renamed.status).toBe(200);
    expect(renamed.json()).toMatchObject({ name: { zh: '科大社区（泰前）' }, officialName: '科大社区居委会' });
    expect((await call(`${local().url}/?service=appliance-repair&q=${encodeURIComponent('科大社区（泰前）')}`)).text).toContain(
      '科大社区（泰前）',
    );
    const bad = await send('PATCH', '/admin/areas/370902003009', center, { name: { zh: '' } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toContain('name.en');
    expect((await send('PATCH', '/admin/areas/370999001001', center, { name: { zh: '无', en: 'None' } })).status).toBe(404);
  });

  it('retires a community (no new orders, left out of the picker) and restores it', async () => {
    const { center } = local().stack.adminTokens;
    const { url } = local();
    const retired = await send('POST', '/admin/areas/370902003001/retire', center);
    expect(retired.json()).toMatchObject({ id: '370902003001', retiredAt: expect.any(String), retiredBy: 'staff' });
    const refused = await postJson(`${url}/requests`, validSubmission({ areaId: '370902003001' }));
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['areaId']);
    expect((await call(`${url}/?service=appliance-repair&in=370902003`)).text).not.toContain('370902003001');
    expect((await call(`${url}/?service=appliance-repair&in=370902003`)).text).toContain('370902003009');

    const restored = await send('POST', '/admin/areas/370902003001/restore', center);
    expect(restored.json().retiredAt).toBeUndefined();
    expect(restored.json().retiredBy).toBeUndefined();
    expect((await postJson(`${url}/requests`, validSubmission({ areaId: '370902003001' }))).status).toBe(201);
  });

  it('retires a township by hand, and with it every community below it', async () => {
    const { center } = local().stack.adminTokens;
    const { url } = local();
    expect((await send('POST', '/admin/areas/370902003/retire', center)).status).toBe(200);
    const refused = await postJson(`${url}/requests`, validSubmission({ areaId: '370902003009' }));
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['areaId']);
    expect((await send('POST', '/admin/areas/370902003/restore', center)).status).toBe(200);
    expect((await postJson(`${url}/requests`, validSubmission({ areaId: '370902003009' }))).status).toBe(201);
  });
});
