import { expect, it } from 'vitest';
import { networkOf } from '#shared/domain/client-network';

it('names an IPv4 address’s /24 and an IPv6 address’s /64, however the address is written', () => {
  expect(['6.6.6.1', '6.6.6.254', '::ffff:6.6.6.9', '6.6.7.1'].map(networkOf)).toEqual([
    '6.6.6.0/24',
    '6.6.6.0/24',
    '6.6.6.0/24',
    '6.6.7.0/24',
  ]);
  expect(
    ['2408:8207:0001:0002:aaaa::1', '2408:8207:1:2:bbbb:cccc:dddd:eeee', '2408:8207:1::', '2408:8207:1:3::1', '::1', 'fe80::1%eth0'].map(
      networkOf,
    ),
  ).toEqual(['2408:8207:1:2::/64', '2408:8207:1:2::/64', '2408:8207:1:0::/64', '2408:8207:1:3::/64', '0:0:0:0::/64', 'fe80:0:0:0::/64']);
  expect(networkOf('not an address')).toBe('not an address');
});
