import { describe, expect, it } from 'vitest';
import { call, postJson, validSubmission } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const put = (path: string, body: unknown, token: string) =>
  call(`${local().url}${path}`, {
    method: 'PUT',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const kettle = {
  category: 'appliance-repair',
  name: { zh: '电水壶维修', en: 'Kettle repair' },
  description: { zh: '电水壶不加热、漏水', en: 'Kettles that do not heat or leak' },
  kind: 'menu',
  audience: 'everyone',
  fields: [
    {
      code: 'brand',
      label: { zh: '品牌', en: 'Brand' },
      type: 'singlevaluelist',
      required: false,
      options: [{ key: 'midea', name: { zh: '美的', en: 'Midea' } }],
    },
  ],
  slaHours: 72,
  urgentAllowed: false,
  dispatch: { acceptNormalMinutes: 120 },
  active: true,
};

describe('the service menu for center admins', () => {
  it('adds a service residents can order at once, changes it, and takes it off the menu', async () => {
    const { url, stack } = local();
    const center = stack.adminTokens.center;
    const added = await put('/admin/services/kettle-repair', { ...kettle, version: 0 }, center);
    expect(added.status).toBe(201);
    expect(added.json()).toMatchObject({ version: 1, updatedBy: 'center-admin@paidan.local' });
    expect((await call(`${url}/services/kettle-repair`)).json()).toMatchObject({ code: 'kettle-repair', name: kettle.name });
    const ordered = await postJson(`${url}/requests`, validSubmission({ serviceCode: 'kettle-repair', attributes: { brand: 'midea' } }));
    expect(ordered.status).toBe(201);

    const changed = await put('/admin/services/kettle-repair', { ...kettle, slaHours: 48, version: 1 }, center);
    expect(changed.status).toBe(200);
    expect(changed.json()).toMatchObject({ slaHours: 48, version: 2 });
    // A page loaded before that change: refused, and the change stays.
    const stale = await put('/admin/services/kettle-repair', { ...kettle, active: false, version: 1 }, center);
    expect(stale.status).toBe(409);
    expect((await call(`${url}/services/kettle-repair`)).json()).toMatchObject({ slaHours: 48 });
    expect((await call(`${url}/services/kettle-repair`)).json()).not.toHaveProperty('updatedBy');
    expect((await put('/admin/services/kettle-repair', { ...kettle, active: false, version: 2 }, center)).status).toBe(200);
    expect((await call(`${url}/services/kettle-repair`)).status).toBe(404);
    const menu = (await call(`${url}/admin/services`, { headers: bearer(center) })).json();
    const stored = menu.services.find((s: { code: string }) => s.code === 'kettle-repair');
    expect(stored).toMatchObject({ active: false, version: 3, updatedBy: 'center-admin@paidan.local' });
    // Seeded before any edit: version 0. What GET answers may be sent back changed.
    const seeded = menu.services.find((s: { code: string }) => s.code === 'appliance-repair');
    expect(seeded.version).toBe(0);
    const category = menu.categories.find((c: { code: string }) => c.code === 'appliance-repair');
    expect(category.version).toBe(0);
    const { code: _code, ...sent } = category;
    expect((await put('/admin/categories/appliance-repair', sent, center)).json()).toMatchObject({ version: 1 });
    expect((await put('/admin/categories/appliance-repair', sent, center)).status).toBe(409);
    const { version: _version, ...withoutVersion } = sent;
    const unversioned = await put('/admin/categories/appliance-repair', withoutVersion, center);
    expect([unversioned.status, unversioned.json().error.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['version']]);
  });

  it('keeps the name and labels a renamed service had for the orders made before (one transaction with the save)', async () => {
    const { url, stack, adapters } = local();
    const center = stack.adminTokens.center;
    expect((await put('/admin/services/blender-repair', { ...kettle, version: 0 }, center)).status).toBe(201);
    const ordered = await postJson(`${url}/requests`, validSubmission({ serviceCode: 'blender-repair', attributes: { brand: 'midea' } }));
    expect(ordered.status).toBe(201);
    const renamed = {
      ...kettle,
      name: { zh: '助餐送餐', en: 'Meal delivery' },
      fields: [{ ...kettle.fields[0], options: [{ key: 'haier', name: { zh: '海尔', en: 'Haier' } }] }],
    };
    expect((await put('/admin/services/blender-repair', { ...renamed, version: 1 }, center)).status).toBe(200);
    // A save refused as stale keeps nothing either.
    expect((await put('/admin/services/blender-repair', { ...kettle, name: { zh: '别的', en: 'Other' }, version: 1 }, center)).status).toBe(
      409,
    );
    const detail = (await call(`${url}/admin/requests/${ordered.json().id}`, { headers: bearer(center) })).json();
    expect(detail.answers).toEqual([{ code: 'brand', label: kettle.fields[0]!.label, value: { zh: '美的', en: 'Midea' } }]);
    expect((await call(`${url}/services/blender-repair`)).json()).toMatchObject({ name: renamed.name });
    expect(await adapters.catalog.earlierForms('blender-repair')).toEqual([
      expect.objectContaining({ code: 'blender-repair', name: kettle.name, fields: kettle.fields }),
    ]);
  });

  it('gives a service to the teams that handle its category, and takes it from them when it moves to another', async () => {
    const { stack, adapters } = local();
    const center = stack.adminTokens.center;
    await adapters.teams.register(
      teamFixture('by-category', { services: [], categories: ['appliance-repair'], servesAreaId: '370902' }),
      [],
    );
    const candidates = async () =>
      (await adapters.teams.candidates('toaster-repair', ['370902003009', '370902003', '370902'])).map((t) => t.id);
    expect((await put('/admin/services/toaster-repair', { ...kettle, code: 'toaster-repair', version: 0 }, center)).status).toBe(201);
    expect(await candidates()).toContain('by-category');
    // A team the last save missed (it failed half-way): saving the service again, unchanged, covers it.
    await adapters.teams.register(teamFixture('missed', { services: [], categories: ['appliance-repair'], servesAreaId: '370902' }), []);
    expect(await candidates()).not.toContain('missed');
    expect((await put('/admin/services/toaster-repair', { ...kettle, code: 'toaster-repair', version: 1 }, center)).status).toBe(200);
    expect(await candidates()).toContain('missed');
    expect((await put('/admin/services/toaster-repair', { ...kettle, category: 'elderly-care', version: 2 }, center)).status).toBe(200);
    expect(await candidates()).not.toContain('by-category');
  });

  it('refuses a field that asks for contact or identity data, naming it; a service off the menu may keep one', async () => {
    const { url, stack } = local();
    const center = stack.adminTokens.center;
    const field = (code: string, zh: string, en: string, type = 'string') => ({ code, label: { zh, en }, type, required: false });
    const asking = {
      ...kettle,
      fields: [
        ...kettle.fields,
        field('emergency', '紧急联系人电话', 'Emergency contact phone'),
        field('note', '备注', 'Note', 'text'),
        field('sfzh', '证明', 'Proof'),
        // A yes/no cannot carry a phone number: it may ask about one.
        field('canPhone', '是否方便电话联系', 'May we phone you?', 'boolean'),
      ],
    };
    const refused = await put('/admin/services/contact-kettle', { ...asking, version: 0 }, center);
    expect(refused.status).toBe(400);
    const issues: { field: string; message: string }[] = refused.json().error.fields;
    expect(issues.map((i) => i.field)).toEqual(['fields.1.label', 'fields.3.code']);
    expect(issues[0]!.message).toContain('"紧急联系人电话" / "Emergency contact phone"');
    expect(issues[0]!.message).toMatch(
      /already collects the resident's name, phone and address and shows them to a team only once it accepts/,
    );
    // Nothing was written: residents cannot order it.
    expect((await call(`${url}/services/contact-kettle`)).status).toBe(404);

    expect((await put('/admin/services/contact-kettle', { ...asking, active: false, version: 0 }, center)).status).toBe(201);
    const [, , note, , canPhone] = asking.fields;
    expect(
      (await put('/admin/services/contact-kettle', { ...kettle, fields: [...kettle.fields, note, canPhone], version: 1 }, center)).status,
    ).toBe(200);
    expect((await call(`${url}/services/contact-kettle`)).json().fields.map((f: { code: string }) => f.code)).toEqual([
      'brand',
      'note',
      'canPhone',
    ]);
  });

  it('refuses a bad service naming the field, and station staff (404)', async () => {
    const { stack } = local();
    const bad = await put(
      '/admin/services/bad-one',
      { ...kettle, category: 'nope', slaHours: 0, fields: [{ ...kettle.fields[0], options: undefined }], version: 0 },
      stack.adminTokens.center,
    );
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['slaHours']);
    // Past a year its deadlines stop being dates: every request of the service stuck in the sweep.
    const far = await put('/admin/services/bad-one', { ...kettle, slaHours: 3_000_000_000, version: 0 }, stack.adminTokens.center);
    expect([far.status, far.json().error.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['slaHours']]);
    const semantic = await put(
      '/admin/services/bad-one',
      { ...kettle, category: 'nope', fields: [{ ...kettle.fields[0], options: undefined }], version: 0 },
      stack.adminTokens.center,
    );
    expect(semantic.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['category', 'fields.0.options']);
    expect((await put('/admin/services/kettle-repair', { ...kettle, version: 0 }, stack.adminTokens.station)).status).toBe(404);
    expect((await call(`${local().url}/admin/services`, { headers: bearer(stack.adminTokens.station) })).status).toBe(404);
  });
});
