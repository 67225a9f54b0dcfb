/** The volunteer's session cookie (shared/domain/sign-in.ts): what no other host of the parent domain can set. */
import { describe, expect, it } from 'vitest';
import { secureCookies, sessionCookie, sessionCookieName, sessionCookies } from '#shared/domain/sign-in';

describe('the session cookie', () => {
  it('over https is __Host-: Secure, Path=/, no Domain, so a sibling subdomain cannot plant one', () => {
    expect(secureCookies('https://paidan.example.gov.cn')).toBe(true);
    expect(sessionCookieName(true)).toBe('__Host-paidan_me');
    const set = sessionCookie('v1', true);
    expect(set).toBe('__Host-paidan_me=v1; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure');
    expect(set).not.toMatch(/Domain=/i);
    expect(sessionCookie('', true, 0)).toBe('__Host-paidan_me=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure');
  });

  it('on the local stack (plain http, where a browser refuses __Host-) has no prefix and no Secure', () => {
    expect(secureCookies('http://127.0.0.1:3000')).toBe(false);
    expect(sessionCookieName(false)).toBe('paidan_me');
    expect(sessionCookie('v1', false)).toBe('paidan_me=v1; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax');
  });

  it('a sign-in and a sign-out also expire the old paidan_me of Path=/me, which beside the new one on the local stack read as none', () => {
    expect(sessionCookies('v1', false)).toEqual([
      'paidan_me=v1; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax',
      'paidan_me=; Path=/me; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
    expect(sessionCookies('', true, 0)).toEqual([
      '__Host-paidan_me=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
      'paidan_me=; Path=/me; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    ]);
  });
});
