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

  it('trims only ASCII space and tab: a name behind U+2000 (a sibling host may plant one) is no cookie of ours', () => {
    for (const space of ['\u2000', '\u00a0', '\u3000', '\ufeff', '\u200a', '\u2028']) {
      expect(cookiesOf([`${space}__Host-paidan_me=attacker`])).toEqual({});
      // Beside the volunteer's own session, it neither wins nor signs them out.
      expect(cookiesOf(['__Host-paidan_me=own', `${space}__Host-paidan_me=attacker`])).toEqual({ '__Host-paidan_me': 'own' });
    }
    expect(cookiesOf(['\t__Host-paidan_me=own\t '])).toEqual({ '__Host-paidan_me': 'own' });
  });

  it('leaves out a pair whose name is not an RFC 6265 token', () => {
    expect(cookiesOf(['a b=1', 'a,b=2', 'a"b=3', 'a\u00e9=4', 'a;b=5', 'ok=6', "x!#$%&'*+.^_`|~-9=7"])).toEqual({
      ok: '6',
      "x!#$%&'*+.^_`|~-9": '7',
    });
  });
});
