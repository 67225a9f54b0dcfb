import { describe, expect, it } from 'vitest';
import type { Menu, Service } from '#shared/domain/catalog';
import { renderServiceMenu } from '#shared/web/service-menu-page';

const text = (zh: string, en: string) => ({ zh, en });

function service(code: string, category: string, name: ReturnType<typeof text>, audience: Service['audience'] = 'everyone'): Service {
  return {
    code,
    category,
    name,
    description: text('说明', 'About'),
    kind: 'menu',
    audience,
    fields: [],
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
    service('appliance-repair', 'repair', text('小家电维修', 'Small appliance repair')),
    service('haircut', 'elderly', text('上门理发', 'Haircut at home'), 'elderly'),
    service('reading', 'lost', text('陪读', 'Reading together'), 'children'),
    { ...service('retired', 'repair', text('停用服务', 'Retired service')), active: false },
  ],
};

const base = { menu, lang: 'zh' as const, large: false };

describe('renderServiceMenu', () => {
  it('shows each active service as a plain link to its form, by category in category order, no script', () => {
    const page = renderServiceMenu(base);
    expect(page).toContain('<a class="tile" href="/?service=appliance-repair"><span class="tile-name">小家电维修</span></a>');
    expect(page.indexOf('<h2>助老服务</h2>')).toBeGreaterThan(-1);
    expect(page.indexOf('<h2>助老服务</h2>')).toBeLessThan(page.indexOf('<h2>家电维修</h2>'));
    expect(page.indexOf('<h2>家电维修</h2>')).toBeLessThan(page.indexOf('<h2>其他服务</h2>'));
    expect(page).toContain('href="/?service=reading"');
    expect(page).not.toContain('停用服务');
    expect(page).not.toContain('<form');
    expect(page).not.toContain('<script');
    expect(page).toContain('<h1>预约志愿服务</h1>');
    expect(page).toContain('<a href="/lookup">');
  });

  it('tags services for a targeted audience', () => {
    const page = renderServiceMenu(base);
    expect(page).toContain('<span class="tile-name">上门理发</span><span class="tag">适合老年人</span>');
    expect(page).toContain('<span class="tag">适合儿童</span>');
    expect(page.match(/class="tag"/g)).toHaveLength(2);
  });

  it('carries the language, the type size and a station area into each link', () => {
    const page = renderServiceMenu({ ...base, lang: 'en', large: true, areaId: '370902003009' });
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('href="/?service=haircut&amp;area=370902003009&amp;lang=en&amp;size=large"');
    expect(page).toContain('<span class="tag">For the elderly</span>');
    expect(page).toContain('<h2>Other services</h2>');
    expect(page).toContain('href="/?area=370902003009&amp;size=large"');
    expect(page).not.toContain('上门理发');
    expect(page).toContain('html{font-size:162.5%');
  });

  it('escapes names', () => {
    const evil = '<script>alert(1)</script>';
    const page = renderServiceMenu({
      ...base,
      menu: {
        categories: [{ code: 'elderly', name: text(evil, evil), order: 1 }],
        services: [service('haircut', 'elderly', text(evil, evil))],
      },
    });
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says so when the menu has no services', () => {
    const page = renderServiceMenu({ ...base, menu: { categories: menu.categories, services: [] } });
    expect(page).toContain('目前没有可以预约的服务');
    expect(page).not.toContain('class="tiles"');
  });
});
