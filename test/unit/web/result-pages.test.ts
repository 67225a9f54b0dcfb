import { describe, expect, it } from 'vitest';
import type { RequestView } from '#shared/use-cases/view-request';
import { renderConfirmation } from '#shared/web/confirmation-page';
import { renderErrorPage } from '#shared/web/error-page';
import { renderStatusPage } from '#shared/web/status-page';

const evil = '<script>alert(1)</script>';
const statusUrl = 'https://paidan.example/requests/abc123?token=tok_EN-x';

const view: RequestView = {
  id: 'abc123',
  trackingCode: '12345678',
  status: 'WAITING',
  urgency: 'urgent',
  service: { code: 'haircut', name: { zh: '上门理发', en: 'Haircut at home' } },
  area: {
    id: '370902001012',
    names: [
      { zh: '花园社区', en: 'Huayuan Community' },
      { zh: '岱庙街道', en: 'Daimiao Street' },
      { zh: '泰山区', en: 'Taishan District' },
      { zh: '泰安市', en: "Tai'an" },
    ],
  },
  description: '老人行动不便，想请人上门理发',
  contact: { name: '张**', phone: '138****5678' },
  team: { name: '海军帮忙队' },
  actions: { cancel: false, rate: false, reopen: false },
  createdAt: '2025-03-01T01:05:00.000Z',
  updatedAt: '2025-03-01T02:00:00.000Z',
  timeline: [
    {
      at: '2025-03-01T02:00:00.000Z',
      type: 'STATUS_CHANGED',
      status: 'WAITING',
      message: { zh: '暂无空闲服务队', en: 'No team free yet' },
    },
    { at: '2025-03-01T01:05:00.000Z', type: 'SUBMITTED', status: 'SUBMITTED', message: { zh: '需求已提交', en: 'Request submitted' } },
  ],
};

describe('renderConfirmation', () => {
  const submitted = { id: 'abc123', trackingCode: '12345678', accessToken: 'tok_EN-x', status: 'SUBMITTED' as const };

  it('shows the formatted tracking code and the status link as link and text', () => {
    const page = renderConfirmation({ submitted, statusUrl, lang: 'zh', large: false });
    expect(page).toContain('<strong class="code">1234 5678</strong>');
    expect(page).toContain('请记下查询码，可凭查询码和手机号后四位查询。');
    expect(page).toContain(`<a class="big-link" href="${statusUrl}">`);
    expect(page).toContain(`<p class="copy">${statusUrl}</p>`);
    expect(page).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('says an order sent in place of another left that one standing, and how to cancel it, never that it was cancelled', () => {
    const failed = renderConfirmation({
      submitted,
      statusUrl,
      lang: 'zh',
      large: false,
      notReplaced: { trackingCode: '87654321', taken: false },
    });
    expect(failed).toContain('刚才那份需求（查询码 8765 4321）没能取消，仍然有效：现在两份都在。');
    expect(failed).toContain('请用提交它时的专用链接取消，或致电社区服务站');
    expect(failed).not.toContain('已取消');
    const taken = renderConfirmation({
      submitted,
      statusUrl,
      lang: 'en',
      large: false,
      notReplaced: { trackingCode: '87654321', taken: true },
    });
    expect(taken).toContain('A team has already accepted your earlier request (tracking code 8765 4321), so it was not cancelled');
    const replaced = renderConfirmation({ submitted, statusUrl, lang: 'zh', large: false, replaced: '87654321' });
    expect(replaced).toContain('刚才那份需求（查询码 8765 4321）已取消，只保留这一份。');
  });

  it('tells a micro-wish it goes to review and the wish wall, not to a team', () => {
    const wish = renderConfirmation({ submitted, statusUrl, lang: 'zh', large: false, wish: true });
    expect(wish).toContain('社区审核后会把您的心愿发布到心愿墙，由志愿者认领');
    expect(wish).not.toContain('服务队');
    expect(renderConfirmation({ submitted, statusUrl, lang: 'zh', large: false })).toContain('我们正在为您安排服务队');
  });

  it('keeps language and size in the status link', () => {
    const page = renderConfirmation({ submitted, statusUrl, lang: 'en', large: true });
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(`href="${statusUrl}&amp;lang=en&amp;size=large"`);
    expect(page).toContain('Your tracking code');
  });

  it('escapes script in the status url', () => {
    const page = renderConfirmation({ submitted, statusUrl: `/requests/x?token="${evil}`, lang: 'zh', large: false });
    expect(page).not.toContain('<script');
    expect(page).not.toContain('"<');
  });
});

describe('renderStatusPage', () => {
  const selfUrl = statusUrl;

  it('shows status, explanation, areas, team and the masked contact', () => {
    const page = renderStatusPage({ view, selfUrl, lang: 'zh', large: false });
    expect(page).toContain('<dd>1234 5678</dd>');
    expect(page).toContain('等待派单');
    expect(page).toContain('正在为您寻找服务队');
    expect(page).toContain('<dd>花园社区，岱庙街道，泰山区</dd>');
    expect(page).toContain('<dd>紧急</dd>');
    expect(page).toContain('<dd>海军帮忙队</dd>');
    expect(page).toContain('<dd>张** 138****5678</dd>');
  });

  it('lists the timeline oldest first in Shanghai time', () => {
    const page = renderStatusPage({ view, selfUrl, lang: 'zh', large: false });
    expect(page).toContain('<time datetime="2025-03-01T01:05:00.000Z">2025年3月1日 09:05</time><br>需求已提交');
    expect(page.indexOf('需求已提交')).toBeLessThan(page.indexOf('暂无空闲服务队'));
  });

  it('never shows an address even when one is passed along', () => {
    const withAddress = { ...view, address: '岱庙街道花园小区3号楼2单元501', contact: { ...view.contact, address: '花园小区3号楼' } };
    const page = renderStatusPage({ view: withAddress as RequestView, selfUrl, lang: 'zh', large: false });
    expect(page).not.toContain('3号楼');
  });

  it('switches to English and keeps the token in the switch link', () => {
    const zh = renderStatusPage({ view, selfUrl, lang: 'zh', large: false });
    expect(zh).toContain(`href="${selfUrl}&amp;lang=en" lang="en" hreflang="en">English</a>`);
    const en = renderStatusPage({ view, selfUrl: `${selfUrl}&lang=en`, lang: 'en', large: false });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('We are looking for a volunteer team for you.');
    expect(en).toContain('1 Mar 2025, 09:05');
    expect(en).toContain(`href="${selfUrl}" lang="zh-CN" hreflang="zh-CN">中文</a>`);
    expect(en).toContain(`href="${selfUrl}&amp;lang=en&amp;size=large">Larger text</a>`);
  });

  it('escapes script in description, names and messages', () => {
    const page = renderStatusPage({
      view: {
        ...view,
        description: evil,
        team: { name: evil },
        service: { code: 'x', name: { zh: evil, en: evil } },
        contact: { name: evil, phone: evil },
        timeline: [{ at: '2025-03-01T01:05:00.000Z', type: 'NOTE', message: { zh: evil, en: evil } }],
      },
      selfUrl: `${selfUrl}&x="><script>`,
      lang: 'zh',
      large: false,
    });
    expect(page).not.toContain('<script');
    expect(page.split('&lt;script&gt;alert(1)&lt;/script&gt;').length).toBeGreaterThanOrEqual(5);
  });

  it('shows a refused rating again: the comment field named, the stars and words as sent, escaped', () => {
    const refused = renderStatusPage({
      view: { ...view, status: 'COMPLETED', actions: { cancel: false, rate: true, reopen: true } },
      selfUrl,
      ratingUrl: `${selfUrl}/rating`,
      refusedRating: {
        issues: [{ field: 'comment', message: 'Too big: expected string to have <=500 characters' }],
        stars: '3',
        comment: `修得好\n${evil}`,
      },
      lang: 'zh',
      large: false,
    });
    expect(refused).toContain('评价没有提交');
    expect(refused).toContain('<a href="#comment">想说的话（选填）：最多 500 字</a>');
    expect(refused).toContain('<p class="error" id="comment-error">');
    expect(refused).toContain('aria-invalid="true">修得好\n&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(refused).toContain('id="stars-3" name="stars" value="3" checked');
    expect(refused).not.toContain('value="5" checked');
    expect(refused).not.toContain('<script');
    // Opened at the problem: the summary takes the focus (no script needed).
    expect(refused).toMatch(/<div class="error-summary" role="alert" tabindex="-1" autofocus><h3>评价没有提交/);
  });

  it('offers the stars with none chosen, and a rating sent without one asks for a star at the stars', () => {
    const completed = { ...view, status: 'COMPLETED' as const, actions: { cancel: false, rate: true, reopen: true } };
    const blank = renderStatusPage({ view: completed, selfUrl, ratingUrl: `${selfUrl}/rating`, lang: 'zh', large: false });
    expect(blank).toContain('name="stars" value="5">');
    expect(blank).not.toContain(' checked');
    const refused = renderStatusPage({
      view: completed,
      selfUrl,
      ratingUrl: `${selfUrl}/rating`,
      refusedRating: { issues: [{ field: 'stars', message: 'Invalid input: expected int, received undefined' }], comment: '很好' },
      lang: 'zh',
      large: false,
    });
    expect(refused).toContain('<a href="#stars-5">满意程度：请选一个星级（1 到 5 星）</a>');
    expect(refused).toContain('<fieldset class="field-error" aria-describedby="stars-error"><legend>满意程度</legend>');
    expect(refused).toContain('<p class="error" id="stars-error">错误：请选一个星级（1 到 5 星）</p>');
    expect(refused).not.toContain(' checked');
  });

  it('asks whether to cancel in a box the first tap scrolls to and focuses', () => {
    const page = renderStatusPage({
      view: { ...view, actions: { cancel: true, rate: false, reopen: false } },
      selfUrl,
      cancelUrl: `${selfUrl}/cancel`,
      confirmCancel: { backUrl: selfUrl },
      lang: 'zh',
      large: false,
    });
    expect(page).toContain('<div class="error-summary" id="cancel-confirm" role="alert" tabindex="-1" autofocus>');
    expect(page.match(/ autofocus/g)).toHaveLength(1);
  });
});

describe('renderErrorPage', () => {
  it('shows the title, message and a way back in the chosen language', () => {
    const page = renderErrorPage({
      status: 404,
      title: { zh: '没有找到', en: 'Not found' },
      message: 'Request not found',
      lang: 'en',
      large: false,
    });
    expect(page).toContain('<h1>Not found</h1>');
    expect(page).toContain('<p>Request not found</p>');
    expect(page).toContain('href="/?lang=en">Back to the start</a>');
    expect(page).toContain('Error code: 404');
  });

  it('escapes script in title and message', () => {
    const page = renderErrorPage({ status: 500, title: evil, message: evil, lang: 'zh', large: true });
    expect(page).not.toContain('<script');
    expect(page).toContain(`<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>`);
  });
});
