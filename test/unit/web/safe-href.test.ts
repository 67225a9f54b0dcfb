/** The consoles' links (shared/web/browser/common/safe-href.ts): this site, a phone number, a fragment. */
import { describe, expect, it } from 'vitest';
import { safeHref } from '#shared/web/browser/common/safe-href';

describe('safeHref', () => {
  it('takes this site’s paths, fragments and phone numbers', () => {
    for (const href of ['/', '/me', '/requests/R1?token=x#top', '#teams', 'tel:+8613900000000'])
      expect([href, safeHref(href)]).toEqual([href, true]);
  });

  it('refuses what a browser reads as another host or a script', () => {
    for (const href of [
      '//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      ' /x',
      'tel:1;x',
      42,
    ]) {
      expect([href, safeHref(href)]).toEqual([href, false]);
    }
  });
});
