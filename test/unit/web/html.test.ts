import { describe, expect, it } from 'vitest';
import { renderNotice } from '#shared/domain/notice-text';
import { escapeHtml, html, joinHtml } from '#shared/web/html';
import { parseLang, parseLarge } from '#shared/web/i18n';
import { translateIssue } from '#shared/web/issue-words';
import { statusExplanation, statusLabel } from '#shared/web/status-words';
import { withPageOptions } from '#shared/web/links';
import { formatShanghaiTime } from '#shared/web/time';
import { requestStatuses } from '#shared/domain/request-state';

describe('escapeHtml', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('is applied to every interpolation except nested html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"'}">${inner}${['<', inner]}${undefined}${false}${0}</p>`.toString()).toBe(
      '<p title="&quot;"><b>&lt;i&gt;</b>&lt;<b>&lt;i&gt;</b>0</p>',
    );
    expect(joinHtml(['<', inner], ', ').toString()).toBe('&lt;, <b>&lt;i&gt;</b>');
  });
});

describe('i18n', () => {
  it('reads lang and size from the query, zh and standard by default', () => {
    expect(parseLang({ lang: 'en' })).toBe('en');
    expect(parseLang(new URLSearchParams('lang=en-US'))).toBe('en');
    expect(parseLang({ lang: 'fr' })).toBe('zh');
    expect(parseLang(undefined)).toBe('zh');
    expect(parseLarge({ size: 'large' })).toBe(true);
    expect(parseLarge({})).toBe(false);
  });

  it('labels and explains every status in both languages', () => {
    for (const status of requestStatuses) {
      for (const lang of ['zh', 'en'] as const) {
        expect(statusLabel(status, lang)).not.toBe('');
        expect(statusExplanation(status, lang)).not.toBe('');
      }
    }
    expect(statusExplanation('WAITING', 'zh')).toBe('正在为您寻找服务队。');
  });

  it('says of an escalated request what its SMS says (the SMS text is a registered template: the page follows it)', () => {
    const sms = renderNotice({
      eventId: 'e',
      kind: 'escalated',
      requestId: 'r',
      trackingCode: '12345678',
      service: { zh: '小家电维修', en: 'Repair' },
      areaNames: [],
      urgency: 'normal',
    });
    expect(sms.text).toContain('已转社区工作人员协调');
    expect(statusExplanation('ESCALATED', 'zh')).toContain('已转社区工作人员协调');
  });

  it('translates common field messages and falls back to the server message', () => {
    expect(translateIssue('Required', 'zh')).toBe('此项必填');
    expect(translateIssue('Too big: expected string to have <=5 characters', 'zh')).toBe('最多 5 字');
    expect(translateIssue('One of: radio, kettle', 'en')).toBe('Choose one of the options');
    expect(translateIssue('Give a contact name', 'en')).toBe('Give a contact name');
    expect(translateIssue('Something new', 'zh')).toBe('Something new');
  });
});

describe('withPageOptions', () => {
  it('sets lang and size and keeps other parameters', () => {
    expect(withPageOptions('/requests/a?token=t&lang=en', { lang: 'zh', large: true })).toBe('/requests/a?token=t&size=large');
    expect(withPageOptions('https://h.example/r?token=t', { lang: 'en', large: false })).toBe('https://h.example/r?token=t&lang=en');
    expect(withPageOptions('/', { lang: 'zh', large: false }, { area: undefined })).toBe('/');
  });
});

describe('formatShanghaiTime', () => {
  it('shows UTC instants in China Standard Time', () => {
    expect(formatShanghaiTime('2025-12-31T16:30:00Z', 'zh')).toBe('2026年1月1日 00:30');
    expect(formatShanghaiTime('2025-12-31T16:30:00Z', 'en')).toBe('1 Jan 2026, 00:30');
    expect(formatShanghaiTime('not a date', 'en')).toBe('not a date');
  });
});
