/**
 * Registering carries `next` (where the volunteer was going: the wish they tapped 我来认领 on)
 * through every step, as signing in does, and takes it only when it is a path of this site.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { nextPathOf } from '#shared/http/page-options';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import type { AreaRepository } from '#shared/ports/area-repository';
import { type AreaPick, pickedOrChoice } from '#shared/use-cases/pick-area';
import { renderSignInPage } from '#shared/web/volunteer-pages';
import { type RegisterPageInput, renderRegisterPage } from '#shared/web/volunteer-register-page';
import { KEDA } from '../../support/fixtures';

const WISH = '/wall/wishes/01t2473dnzr3wmnhqj99';
const CARRIED = `next=${encodeURIComponent(WISH)}`;

let areas: AreaRepository;
beforeAll(async () => {
  areas = memoryDeps({ clock: { now: () => new Date('2026-12-01T02:00:00.000Z') }, services: demoServices, areas: demoAreas }).areas;
});

/** Every link and posted form of the page that stays on the volunteer's pages (not the site's home link, nor the icon). */
const meLinks = (page: string) => [...page.matchAll(/(?:href="|method="post" action=")(\/me[^"]*)"/g)].map((m) => m[1]!);

/** The page of a step, on the demo's areas, read as its handler reads them. */
const render = async ({ homeAreaId, pick, ...input }: Step) =>
  renderRegisterPage({ ...input, ...(await pickedOrChoice(areas, homeAreaId, pick ?? {})) });

type Step = Omit<RegisterPageInput, 'place' | 'picker'> & { readonly homeAreaId?: string; readonly pick?: AreaPick };

/** Each step of registering as the handler shows it, refused ones included. */
const steps = (next: string | undefined): Array<[string, Step]> => {
  const base = { lang: 'zh' as const, large: false, ...(next ? { next } : {}) };
  return [
    ['the picker from the top', { ...base, step: 'phone' }],
    ['the picker in a district, in English and large type', { ...base, lang: 'en', large: true, step: 'phone', pick: { in: '370902' } }],
    ['the picker searching', { ...base, step: 'phone', pick: { q: '科大' } }],
    ['the phone', { ...base, step: 'phone', homeAreaId: KEDA }],
    [
      'the phone refused',
      { ...base, step: 'phone', homeAreaId: KEDA, values: { phone: '123' }, issues: [{ field: 'phone', message: 'x' }] },
    ],
    ['the phone rate-limited', { ...base, step: 'phone', homeAreaId: KEDA, values: { phone: '13800001111' }, limited: true }],
    ['the code and name', { ...base, step: 'code', homeAreaId: KEDA, values: { phone: '13800001111' } }],
    [
      'the code and name refused',
      { ...base, step: 'code', homeAreaId: KEDA, values: { phone: '13800001111', name: '' }, issues: [{ field: 'name', message: 'x' }] },
    ],
  ];
};

describe('registering on the way to a wish (?next=)', () => {
  it.each(steps(WISH))('carries next in every link and form of %s', async (step, input) => {
    const page = await render(input);
    const links = meLinks(page);
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) expect(link, link).toContain(CARRIED);
    // The picker's search is a GET form: next goes along as a field.
    if (step.startsWith('the picker'))
      expect(page).toMatch(
        new RegExp(`<form method="get" action="/me/register" role="search">\\s*<input type="hidden" name="next" value="${WISH}">`),
      );
  });

  it('posts each step to a form that keeps it, so a refused step comes back with it', async () => {
    const [, phone] = steps(WISH)[3]!;
    expect(await render(phone)).toContain(`action="/me/register/code?${CARRIED}"`);
    const [, code] = steps(WISH)[6]!;
    expect(await render(code)).toContain(`action="/me/register?${CARRIED}"`);
  });

  it.each(steps(undefined))('leaves next out of %s when there is none', async (_step, input) => {
    expect(await render(input)).not.toMatch(/next=|name="next"/);
  });

  it('is reached from the sign-in page with next', () => {
    const page = renderSignInPage({ lang: 'zh', large: true, step: 'phone', next: WISH });
    expect(page).toContain(`href="/me/register?${CARRIED}&amp;size=large"`);
    expect(renderSignInPage({ lang: 'zh', large: false, step: 'phone' })).toContain('href="/me/register"');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', '/wall?x=//evil.example', 'javascript:alert(1)'])(
    'drops %s: no step of registering carries it',
    async (elsewhere) => {
      const next = nextPathOf({ query: { next: elsewhere } });
      expect(next).toBeUndefined();
      for (const [step, input] of steps(next)) {
        const page = await render(input);
        expect(page, step).not.toContain('evil.example');
        expect(page, step).not.toMatch(/next=|name="next"/);
      }
    },
  );

  it('takes a path of this site from the query, as signing in does', () => {
    expect(nextPathOf({ query: { next: WISH } })).toBe(WISH);
    expect(nextPathOf({ query: {} })).toBeUndefined();
  });
});

describe('refusals of a code (review 38)', () => {
  const retryAt = '2026-12-07T00:00:00.000Z';
  const phone = '13800001111';

  it('says the day’s registration codes are spent and when to try again, never that a code was sent', async () => {
    const page = await render({ lang: 'zh', large: false, step: 'phone', homeAreaId: KEDA, values: { phone }, limited: 'spent', retryAt });
    expect(page).toContain('今天的登记验证码短信已经发完，请在 2026年12月7日 08:00 后再试');
    expect(page).not.toContain('已发出');
    expect(page).not.toContain('name="code"');
  });

  it('answers a refused code while one is live with the code step, to enter the newest code received', async () => {
    const registering = await render({ lang: 'zh', large: false, step: 'code', homeAreaId: KEDA, values: { phone }, live: true, retryAt });
    expect(registering).toContain('请输入收到的最新一条');
    expect(registering).toContain('name="code"');
    const signingIn = renderSignInPage({ lang: 'en', large: false, step: 'code', phone, live: true, retryAt });
    expect(signingIn).toContain('Enter the newest one you received');
    expect(signingIn).toContain('ask again after 7 Dec 2026, 08:00');
    expect(signingIn).toContain(`name="phone" value="${phone}"`);
  });

  it('says a sign-in code is being sent, not that it was (the provider may refuse it unseen), and when a refused one may be asked again', () => {
    const code = renderSignInPage({ lang: 'zh', large: false, step: 'code', phone });
    expect(code).toContain('正在向它发送验证码短信');
    expect(code).not.toContain('已发出');
    expect(renderSignInPage({ lang: 'en', large: false, step: 'phone', phone, limited: true, retryAt })).toContain(
      'please try again after 7 Dec 2026, 08:00',
    );
  });
});

describe('the code step (review 63)', () => {
  const phone = '13800001111';
  // The register form's own second button, so what was typed in it (the name, the number) goes along (review 69).
  const resend = new RegExp(
    `<form method="post" action="/me/register(?:\\?[^"]*)?">\\s*<input type="hidden" name="homeAreaId" value="${KEDA}"><input type="hidden" name="phone" value="${phone}">[^]*name="name"[^]*name="volunteerNumber"[^]*<button type="submit" class="secondary" formaction="/me/register/code(?:\\?[^"]*)?" formnovalidate>([^<]+)</button>(?:(?!<form)[^])*</form>`,
  );

  it('after a refused code says to enter the newest, not that one was sent, and asks again for the same phone and community with the name typed', async () => {
    const issues = [{ field: 'code', message: 'This code can no longer be used: ask for a new one' }];
    const zh = await render({ lang: 'zh', large: false, step: 'code', homeAreaId: KEDA, values: { phone, name: '郑' }, issues });
    expect(zh).not.toContain('已发出');
    expect(zh).toContain('请输入收到的最新一条验证码');
    expect(zh.match(resend)?.[1]).toBe('重新获取验证码');
    const en = await render({ lang: 'en', large: false, step: 'code', homeAreaId: KEDA, values: { phone }, issues });
    expect(en).not.toContain('was sent by SMS');
    expect(en.match(resend)?.[1]).toBe('Get a new code');
  });

  it('says "optional" once at the volunteer number', async () => {
    const zh = await render({ lang: 'zh', large: false, step: 'code', homeAreaId: KEDA, values: { phone } });
    expect(zh).toContain('全国志愿服务信息系统的志愿者编号（选填）</label>');
    expect(zh.match(/选填/g)).toHaveLength(1);
    const en = await render({ lang: 'en', large: false, step: 'code', homeAreaId: KEDA, values: { phone } });
    expect(en.match(/optional/g)).toHaveLength(1);
  });
});
