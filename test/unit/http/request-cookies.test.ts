import { describe, expect, it } from 'vitest';
import { cookiesOf } from '#shared/http/request';

describe('cookiesOf', () => {
  it('reads each cookie by name', () => {
    expect(cookiesOf(['paidan_me=v1.abc', ' lang = en ', 'bad', '=x'])).toEqual({ paidan_me: 'v1.abc', lang: 'en' });
  });

  it('reads a name sent twice as not sent: a cookie planted for the parent domain never wins, nor the victim’s', () => {
    // A sibling host's Domain=.example.gov.cn; Path=/me/teams cookie is listed first (longer path).
    for (const order of [
      ['paidan_me=attacker', 'paidan_me=victim'],
      ['paidan_me=victim', 'paidan_me=attacker'],
      ['paidan_me=a', 'other=1', 'paidan_me=a'],
    ]) {
      const cookies = cookiesOf(order);
      expect(cookies.paidan_me).toBeUndefined();
      expect(Object.hasOwn(cookies, 'paidan_me')).toBe(false);
    }
    expect(cookiesOf(['paidan_me=a', 'other=1', 'paidan_me=b', 'paidan_me=c']).other).toBe('1');
  });
});
