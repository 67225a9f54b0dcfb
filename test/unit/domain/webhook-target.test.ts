import { describe, expect, it } from 'vitest';
import { refusedAddressReason, refusedWebhookUrl } from '#shared/domain/webhook-target';
import { webhookIssues } from '#shared/use-cases/admin-teams';

describe('refusedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:0:0', 'unspecified'],
    ['64:ff9b::c0a8:101', 'private'],
    ['192.0.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.254', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    // 6to4 (2002::/16) judged by the IPv4 address it carries.
    ['2002:7f00:1::', 'loopback'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a9fe:a9fe::', 'metadata'],
    ['2002:a00:1::', 'private'],
    ['2002:c0a8:101:1::1', 'private'],
    ['2002::', 'unspecified'],
    // IPv4-translated (SIIT, ::ffff:0:0/96) likewise.
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:169.254.169.254', 'metadata'],
    ['::ffff:0:a00:1', 'private'],
    ['64:ff9b:1::1', 'local NAT64'],
    ['64:ff9b:1:ffff::808:808', 'local NAT64'],
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['fec0::1', 'site-local'],
    ['feff::1', 'site-local'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '169.253.1.1',
    '192.0.1.1',
    '198.17.0.1',
    '198.20.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '::ffff:0:808:808',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:4860:4860::8888',
    '2001:1::1',
  ])('allows the public address %s', (address) => expect(refusedAddressReason(address)).toBeUndefined());
});

describe('webhook URLs at save time', () => {
  const off = { allowLocal: false };
  it.each([
    'https://169.254.169.254/x',
    'https://127.0.0.1:9/',
    'https://10.0.0.1/',
    'http://example.org/',
    'https://localhost/',
    'https://[::1]/',
    'https://[::ffff:7f00:1]/',
    'https://[2002:a9fe:a9fe::]/',
    'https://[::ffff:0:7f00:1]/',
    'https://[2001::1]/',
    'https://[fec0::1]/',
    'https://198.18.0.1/',
  ])('refuses %s without the local allowance, naming the channel url field', (url) => {
    expect(refusedWebhookUrl(url, off)).toBeDefined();
    expect(
      webhookIssues(
        [
          { kind: 'sms', phone: '+8613900000000' },
          { kind: 'webhook', format: 'wecom', url },
        ],
        off,
      ),
    ).toEqual([{ field: 'channels.1.url', message: expect.any(String) }]);
  });

  it('allows https to a public host; locally also plain http and loopback, never the metadata service', () => {
    expect(refusedWebhookUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', off)).toBeUndefined();
    expect(refusedWebhookUrl('https://93.184.216.34/hook', off)).toBeUndefined();
    const local = { allowLocal: true };
    expect(refusedWebhookUrl('http://127.0.0.1:4000/hook', local)).toBeUndefined();
    expect(refusedWebhookUrl('http://localhost:4000/hook', local)).toBeUndefined();
    expect(refusedWebhookUrl('http://169.254.169.254/x', local)).toBeDefined();
    expect(refusedWebhookUrl('https://10.0.0.1/', local)).toBeDefined();
  });
});
