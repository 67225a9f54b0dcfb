import { describe, expect, it } from 'vitest';
import type { RequestView } from '#shared/use-cases/view-request';
import { renderLookupPage } from '#shared/web/lookup-page';
import { renderStatusPage } from '#shared/web/status-page';

const evil = '"><script>alert(1)</script>';

describe('renderLookupPage', () => {
  it('asks for the tracking code and the last four digits, posting to /lookup with the page options', () => {
    const page = renderLookupPage({ lang: 'en', large: true });
    expect(page).toContain('<form method="post" action="/lookup?lang=en&amp;size=large">');
    expect(page).toContain('name="code"');
    expect(page).toContain('name="phone4"');
    expect(page).toContain('inputmode="numeric"');
    expect(page).not.toContain('class="error-summary"');
  });

  it('says one thing for any mismatch, keeping what was typed, escaped', () => {
    const page = renderLookupPage({ lang: 'zh', large: false, values: { code: evil, phone4: '1234' }, notFound: true });
    expect(page).toContain('没有找到与这个查询码和手机号后 4 位都相符的需求');
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;');
    expect(page).toContain('<title>错误：查询办理进度');
  });

  it('marks each malformed field', () => {
    const page = renderLookupPage({ lang: 'zh', large: false, issues: [{ field: 'phone4', message: 'x' }] });
    expect(page).toContain('<a href="#f-phone4">手机号后 4 位：请填写手机号的最后 4 位数字</a>');
    expect(page).toContain('id="f-phone4-error"');
    expect(page).not.toContain('id="f-code-error"');
  });
});

describe('the status page reached by tracking code', () => {
  const view: RequestView = {
    id: 'abc',
    trackingCode: '12345678',
    status: 'COMPLETED',
    urgency: 'normal',
    service: { code: 'x', name: { zh: '上门理发', en: 'Haircut' } },
    area: { id: 'a.b.c.d', names: [{ zh: '花园社区', en: 'Huayuan' }] },
    description: 'd',
    contact: { name: '张**', phone: '138****5678' },
    createdAt: '2025-03-01T01:05:00.000Z',
    updatedAt: '2025-03-01T01:05:00.000Z',
    timeline: [],
    actions: { cancel: false, rate: false, reopen: false },
  };

  it('is read-only: no form, no language switch that would lose it, and where to go to act', () => {
    const page = renderStatusPage({ view, lang: 'zh', large: false, readOnly: true });
    expect(page).not.toContain('<form');
    expect(page).not.toContain('<nav');
    expect(page).toContain('只能查看进度');
    expect(page).toContain('服务站');
    expect(page).toContain('href="/lookup"');
  });
});
