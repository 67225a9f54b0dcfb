import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Menu, Service } from '#shared/domain/catalog';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import type { Area } from '#shared/domain/area';
import { pickedOrChoice } from '#shared/use-cases/pick-area';
import { pickerPagePolicy } from '#shared/web/picker-script';
import { type RequestFormInput, renderRequestForm as renderPage, requestFormFields } from '#shared/web/request-form-page';

const text = (zh: string, en: string) => ({ zh, en });

function service(code: string, category: string, name: ReturnType<typeof text>, fields: Service['fields'] = []): Service {
  return {
    code,
    category,
    name,
    description: text('说明', 'About'),
    kind: 'menu',
    audience: 'everyone',
    fields,
    slaHours: 72,
    urgentAllowed: true,
    active: true,
  };
}

const menu: Menu = {
  categories: [
    { code: 'repair', name: text('家电维修', 'Appliance repair'), order: 2 },
    { code: 'elderly', name: text('助老服务', 'Help for the elderly'), order: 1 },
  ],
  services: [
    service('appliance-repair', 'repair', text('小家电维修', 'Small appliance repair'), [
      { code: 'model', label: text('电器型号', 'Appliance model'), type: 'string', required: true },
      {
        code: 'kind',
        label: text('电器种类', 'Appliance kind'),
        type: 'singlevaluelist',
        required: true,
        options: [
          { key: 'radio', name: text('收音机', 'Radio') },
          { key: 'kettle', name: text('电水壶', 'Kettle') },
        ],
      },
      { code: 'homeVisit', label: text('需要上门', 'Home visit needed'), type: 'boolean', required: false },
    ]),
    service('haircut', 'elderly', text('上门理发', 'Haircut at home')),
    service('companionship', 'elderly', text('陪伴聊天', 'Companionship')),
  ],
};

function area(id: string, level: Area['level'], zh: string, en: string): Area {
  return { id, level, name: text(zh, en), officialName: zh, kind: '' };
}

const areas: Area[] = [
  area('3709', 'city', '泰安市', "Tai'an"),
  area('370902', 'district', '泰山区', 'Taishan District'),
  area('370902001', 'street', '岱庙街道', 'Daimiao Street'),
  area('370902001012', 'community', '花园社区', 'Huayuan Community'),
  area('370902003', 'street', '泰前街道', 'Taiqian Street'),
  area('370902003009', 'community', '科大社区', 'Keda Community'),
];

type PageInput = Omit<RequestFormInput, 'place' | 'picker'> & { readonly areaId?: string; readonly areas?: readonly Area[] };

/** The page as its handler shows it: the chosen community or the picker's step read from `areas`. */
async function renderRequestForm({ areaId, areas: stored = areas, ...input }: PageInput): Promise<string> {
  const posted = input.values?.areaId;
  const chosen = (typeof posted === 'string' ? posted : posted?.[0]) ?? areaId;
  return renderPage({ ...input, ...(await pickedOrChoice(new MemoryAreas(stored), chosen, input.pick ?? {})) });
}

/** The picker: a service chosen, no community yet. */
const picking = { menu, lang: 'zh' as const, large: false, serviceCode: 'appliance-repair' };
/** The form, for the community of a station's link. */
const base = { ...picking, areaId: '370902003009' };

describe('renderRequestForm for one service', () => {
  it('posts every core field and the chosen service, hidden, to /requests as a plain form', async () => {
    const page = await renderRequestForm(base);
    expect(page).toContain('<form class="short" method="post" action="/requests" enctype="application/x-www-form-urlencoded">');
    expect(page).toContain('<input type="hidden" name="serviceCode" value="appliance-repair">');
    for (const name of requestFormFields) expect(page).toContain(`name="${name}"`);
    expect(page).toContain('type="submit"');
    expect(page).not.toContain('<script');
    expect(page).toContain('<h1>小家电维修</h1>');
    expect(page).toContain('<title>小家电维修 · 预约志愿服务 - ');
  });

  it('answers a form posted for a service that left the menu with the menu, saying so, and what was written to copy', async () => {
    const values = { serviceCode: 'retired-service', areaId: '370902003009', description: '电扇<b>不转</b>了', contactName: '周奶奶' };
    const issues = [{ field: 'serviceCode', message: 'Not a service on the menu' }];
    const page = await renderRequestForm({ ...base, serviceCode: undefined, values, issues });
    expect(page).toContain('role="alert"');
    expect(page).toContain('这项服务已暂停预约，请选择其他服务');
    expect(page).toContain('<textarea id="kept-description" rows="4" readonly>电扇&lt;b&gt;不转&lt;/b&gt;了</textarea>');
    expect(page).toContain('<title>错误：预约志愿服务');
    expect(page).toContain('href="/?service=appliance-repair&amp;area=370902003009"');
    const en = await renderRequestForm({ ...base, lang: 'en', serviceCode: undefined, values: { ...values, description: '' }, issues });
    expect(en).toContain('This service is no longer taking requests; please choose another');
    expect(en).not.toContain('kept-description');
    // The menu asked for by an old link, nothing posted: the menu as it is.
    expect(await renderRequestForm({ ...base, serviceCode: 'retired-service' })).not.toContain('role="alert"');
  });

  it('labels every input, select and textarea', async () => {
    const page = await renderRequestForm(base);
    const ids = [...page.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(8);
    for (const id of ids) expect(page).toContain(`<label for="${id}">`);
  });

  it("asks the chosen service's own fields, required ones enforced, and no other service's", async () => {
    const page = await renderRequestForm(base);
    expect(page).toMatch(/name="attr\.appliance-repair\.model"[^>]*aria-required="true"/);
    expect(page).toContain('name="attr.appliance-repair.kind"');
    expect(page).toContain('name="attr.appliance-repair.homeVisit"');
    expect(page).not.toContain('name="attr.haircut.');
    expect(page).not.toContain('name="attributes.');
    expect(page).not.toContain('<select id="f-serviceCode"');
  });

  it('offers urgency only where the service allows it', async () => {
    expect(await renderRequestForm(base)).toContain('name="urgency" value="urgent"');
    const calm = { ...menu, services: menu.services.map((s) => (s.code === 'haircut' ? { ...s, urgentAllowed: false } : s)) };
    const page = await renderRequestForm({ ...base, menu: calm, serviceCode: 'haircut' });
    expect(page).toContain('<input type="hidden" name="urgency" value="normal">');
    expect(page).not.toContain('value="urgent"');
  });

  it('starts with the community picker as plain links: the districts below the city, then streets, then communities', async () => {
    const start = await renderRequestForm(picking);
    expect(start).not.toContain('<form class="short"');
    expect(start).toContain('<h1>小家电维修</h1>');
    // One city of one district here: the picker starts at the first level with a choice.
    expect(start).toContain('<a class="pick" href="/?service=appliance-repair&amp;in=370902001">岱庙街道</a>');
    const twoDistricts = [...areas, area('370911', 'district', '岱岳区', 'Daiyue District')];
    expect(await renderRequestForm({ ...picking, areas: twoDistricts })).toContain(
      '<a class="pick" href="/?service=appliance-repair&amp;in=370902">泰山区</a>',
    );
    const district = await renderRequestForm({ ...picking, pick: { in: '370902' } });
    expect(district).toContain('<a class="pick" href="/?service=appliance-repair&amp;in=370902001">岱庙街道</a>');
    expect(district).toContain('<a href="/?service=appliance-repair&amp;in=370902">泰山区</a>');
    const street = await renderRequestForm({ ...picking, pick: { in: '370902003' } });
    expect([...street.matchAll(/class="pick" href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '/?service=appliance-repair&amp;area=370902003009',
    ]);
  });

  it('finds communities by part of their name, with the district and street, keeping the language and the service', async () => {
    const found = await renderRequestForm({ ...picking, lang: 'en', pick: { q: '科大' } });
    expect(found).toContain(
      '<a class="pick" href="/?service=appliance-repair&amp;area=370902003009&amp;lang=en">Taishan District · Taiqian Street · Keda Community</a>',
    );
    expect(found).toContain('<input type="hidden" name="lang" value="en">');
    expect(found).toContain('<input type="hidden" name="service" value="appliance-repair">');
    expect(await renderRequestForm({ ...picking, lang: 'en', pick: { q: '没有这个' } })).toContain(
      'No community or village name starts with that.',
    );
  });

  it('carries one script on the picker only (search as one types), the one its pages’ policy allows by hash', async () => {
    const start = await renderRequestForm(picking);
    const scripts = [...start.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(scripts[0]!, 'utf8').digest('base64')}'`;
    expect(pickerPagePolicy).toContain(`script-src ${hash};`);
    expect(pickerPagePolicy).toContain("connect-src 'self';");
    // The results it replaces are there (empty) before any search.
    expect(start).toContain('<div id="pick-results" aria-live="polite"></div>');
    expect(await renderRequestForm(base)).not.toContain('<script');
  });

  it('opens the form for the community of a station link, with ways to change it and the service', async () => {
    const page = await renderRequestForm({ ...base, lang: 'en' });
    expect(page).toContain('<input type="hidden" name="areaId" value="370902003009">');
    expect(page).toContain(
      '<strong>Taishan District · Taiqian Street · Keda Community</strong> <a href="/?service=appliance-repair&amp;in=370902003&amp;lang=en">Change</a>',
    );
    expect(page).toContain('href="/?service=appliance-repair&amp;area=370902003009"');
    expect(await renderRequestForm(base)).toContain('<a href="/?area=370902003009">选错了？返回服务菜单</a>');
    // A street or an unknown code is no community: back to the picker.
    expect(await renderRequestForm({ ...base, areaId: '370902003' })).not.toContain('<form class="short"');
  });

  it('fills values back and links each message to its field', async () => {
    const page = await renderRequestForm({
      ...base,
      serviceCode: undefined,
      values: { serviceCode: 'appliance-repair', phone: '0538-1234567', contactName: '张三', 'attr.appliance-repair.kind': 'kettle' },
      issues: [
        { field: 'phone', message: 'Not a mainland mobile number or an E.164 number' },
        { field: 'attributes.model', message: 'Required' },
      ],
    });
    expect(page).toContain('<title>错误：小家电维修');
    expect(page).toContain('value="张三"');
    expect(page).toContain('<input type="hidden" name="serviceCode" value="appliance-repair">');
    expect(page).toContain('<option value="kettle" selected>');
    expect(page).toMatch(
      /<input type="tel" id="f-phone" name="phone" value="0538-1234567"[^>]*aria-describedby="f-phone-hint f-phone-error"/,
    );
    expect(page).toContain(
      '<p class="error" id="f-phone-error">错误：请填写手机号，例如 13812345678（通知用短信发送，座机收不到）；没有手机可以填家人的，或请社区服务站代为点单</p>',
    );
    expect(page).toContain(
      '<a href="#f-phone">手机号：请填写手机号，例如 13812345678（通知用短信发送，座机收不到）；没有手机可以填家人的，或请社区服务站代为点单</a>',
    );
    expect(page).toMatch(/id="f-attr__appliance-repair__model"[^>]*aria-describedby="f-attr__appliance-repair__model-error"/);
    expect(page).toContain('<a href="#f-attr__appliance-repair__model">电器型号：此项必填</a>');
  });

  it('lists the problems in the order of the form, opens at them, and says a short mobile number is short', async () => {
    const page = await renderRequestForm({
      ...base,
      values: { phone: '139 1234 567' },
      issues: [
        { field: 'contactName', message: 'Give a contact name' },
        { field: 'phone', message: 'Not a mainland mobile number or an E.164 number' },
        { field: 'attributes.model', message: 'Required' },
        { field: 'description', message: 'Describe what you need' },
      ],
    });
    const summary = page.slice(page.indexOf('class="error-summary"'), page.indexOf('</ul>'));
    expect([...summary.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1])).toEqual([
      'f-attr__appliance-repair__model',
      'f-description',
      'f-contactName',
      'f-phone',
    ]);
    expect(summary).toContain('tabindex="-1" autofocus>');
    expect(page).toContain('<a href="#f-phone">手机号：手机号是 11 位数字，这里填了 10 位</a>');
  });

  it('keeps an unmatched issue in the summary with the server message', async () => {
    const page = await renderRequestForm({ ...base, values: {}, issues: [{ field: 'extra', message: 'Something odd' }] });
    expect(page).toContain('<li>extra：Something odd</li>');
  });

  it('switches labels, lang attribute and form action to English', async () => {
    const page = await renderRequestForm({ ...base, lang: 'en', large: true });
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('action="/requests?lang=en&amp;size=large"');
    expect(page).toContain('<h1>Small appliance repair</h1>');
    expect(page).toContain('Mobile phone number');
    expect(page).toContain('Appliance model');
    expect(page).toContain('<strong>Taishan District · Taiqian Street · Keda Community</strong>');
    expect(page).not.toContain('手机号');
    expect(page).toContain('html{font-size:162.5%');
    expect(await renderRequestForm(base)).toContain('<html lang="zh-CN">');
  });

  it('escapes script in names and posted values', async () => {
    const evil = '<script>alert(1)</script>';
    const page = await renderRequestForm({
      ...base,
      serviceCode: 'haircut',
      menu: { ...menu, services: [{ ...service('haircut', 'elderly', text(evil, evil)), description: text(evil, evil) }] },
      areas: [
        area('370902', 'district', evil, evil),
        area('370902003', 'street', '街', 'St'),
        area('370902003009', 'community', evil, evil),
      ],
      values: { description: evil, address: `"><script>x</script>` },
      issues: [{ field: evil, message: evil }],
    });
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('is the menu for an unknown or inactive service', async () => {
    expect(await renderRequestForm({ ...base, serviceCode: 'no-such' })).toContain('class="tiles"');
    const off = { ...menu, services: menu.services.map((s) => ({ ...s, active: s.code !== 'appliance-repair' })) };
    const page = await renderRequestForm({ ...base, menu: off });
    expect(page).toContain('class="tiles"');
    expect(page).not.toContain('<form');
  });
});
