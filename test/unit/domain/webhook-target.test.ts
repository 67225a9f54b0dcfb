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
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '169.253.1.1', '2606:4700::1111', '::ffff:8.8.8.8', 'fec0::1'])(
    'allows the public address %s',
    (address) => expect(refusedAddressReason(address)).toBeUndefined(),
  );
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
