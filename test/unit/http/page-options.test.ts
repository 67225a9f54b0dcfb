import { describe, expect, it } from 'vitest';
import { pageOptions } from '#shared/http/page-options';

describe('pageOptions', () => {
  it.each(['en', 'EN', 'en-US', 'en-gb', ' En '])('serves English for ?lang=%s', (lang) => {
    expect(pageOptions({ query: { lang } })).toEqual({ lang: 'en', large: false });
  });

  it.each([undefined, 'zh', 'zh-CN', 'fr', ''])('serves Chinese for ?lang=%s', (lang) => {
    expect(pageOptions({ query: lang === undefined ? {} : { lang } }).lang).toBe('zh');
  });

  it('reads large type from ?size=large', () => {
    expect(pageOptions({ query: { size: 'large' } }).large).toBe(true);
  });
});
