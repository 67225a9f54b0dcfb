import { describe, expect, it } from 'vitest';
import { localNextPath, withPageOptions } from '#shared/web/links';

describe('where signing in leads (?next=)', () => {
  it('takes a path of this site', () => {
    for (const path of [
      '/wall/wishes/01t2473dnzr3wmnhqj99',
      '/wall/370902003009',
      '/me/certificates/2026-000017-K7QX',
      '/',
      '/wall/wishes/a%20b',
      '/me#claims',
    ])
      expect(localNextPath(path), path).toBe(path);
  });

  it('refuses anything that could lead off the site, or is not a plain path', () => {
    const refused: unknown[] = [
      '//evil.example/wall',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example/wall',
      '@evil.example',
      ' /wall',
      '/wall\n',
      '/wall?lang=en',
      '/wall#a#b',
      '/wall#<b>',
      '/wall#',
      '//evil.example#claims',
      '/wall/wishes/王',
      `/${'a'.repeat(200)}`,
      '',
      undefined,
      ['/wall'],
    ];
    for (const value of refused) expect(localNextPath(value), String(value)).toBeUndefined();
  });

  it('leads to a section of a page with the page options before its fragment', () => {
    expect(withPageOptions('/me#claims', { lang: 'en', large: true })).toBe('/me?lang=en&size=large#claims');
  });

  it('keeps the page options on the way, so the language and type size survive the sign-in', () => {
    expect(withPageOptions('/me', { lang: 'en', large: true }, { next: '/wall/wishes/x' })).toBe(
      '/me?next=%2Fwall%2Fwishes%2Fx&lang=en&size=large',
    );
  });
});
