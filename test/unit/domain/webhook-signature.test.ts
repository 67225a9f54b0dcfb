import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  dingTalkSign,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from '#shared/domain/webhook-signature';
import { renderNotice } from '#shared/domain/notice-text';
import { REQUEST_NOTICE_KINDS } from '#shared/domain/rendered-notice';

const secret = 'a-team-secret-of-32-characters!!';
const body = '{"kind":"offer","requestId":"r-1","服务":"助餐"}';
const ts = 1_790_000_000;
const now = new Date(ts * 1000);

describe('webhook signature', () => {
  it('names its headers', () => {
    expect([SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_HEADER]).toEqual(['X-Paidan-Signature', 'X-Paidan-Timestamp', 'X-Paidan-Event']);
  });

  it('signs HMAC-SHA256 over "<timestamp>.<body>" as sha256=<hex>', () => {
    const expected = createHmac('sha256', secret)
      .update(Buffer.from(`${ts}.${body}`, 'utf8'))
      .digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`);
  });

  it('verifies its own signature, over the string or its UTF-8 bytes, within the tolerance either way', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, String(ts), body, sig, now)).toBe(true);
    expect(verifyWebhook(secret, String(ts), Buffer.from(body, 'utf8'), sig, now)).toBe(true);
    expect(verifyWebhook(secret, String(ts), body, sig.toUpperCase().replace('SHA256=', 'sha256='), now)).toBe(true);
    expect(verifyWebhook(secret, String(ts), body, sig, new Date((ts + 300) * 1000))).toBe(true);
    expect(verifyWebhook(secret, String(ts), body, sig, new Date((ts - 300) * 1000))).toBe(true);
  });

  it('refuses a tampered body, a wrong secret and a changed timestamp', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, String(ts), body.replace('r-1', 'r-2'), sig, now)).toBe(false);
    expect(verifyWebhook(`${secret}x`, String(ts), body, sig, now)).toBe(false);
    expect(verifyWebhook(secret, String(ts + 1), body, sig, now)).toBe(false);
  });

  it('refuses stale and future timestamps beyond the tolerance', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, String(ts), body, sig, new Date((ts + 301) * 1000))).toBe(false);
    expect(verifyWebhook(secret, String(ts), body, sig, new Date((ts - 301) * 1000))).toBe(false);
    expect(verifyWebhook(secret, String(ts), body, sig, new Date((ts + 50) * 1000), 30)).toBe(false);
  });

  it('refuses malformed or missing headers', () => {
    const sig = signWebhook(secret, ts, body);
    const hex = sig.slice('sha256='.length);
    for (const bad of [
      undefined,
      '',
      hex,
      `sha1=${hex}`,
      `sha256=${hex.slice(2)}`,
      `sha256=${hex}00`,
      `sha256=${'z'.repeat(64)}`,
      ` ${sig}`,
    ]) {
      expect(verifyWebhook(secret, String(ts), body, bad, now), String(bad)).toBe(false);
    }
    for (const badTs of [undefined, '', `${ts}.0`, `-${ts}`, `${ts}abc`, ' 1790000000', '1e9']) {
      expect(verifyWebhook(secret, badTs, body, sig, now), String(badTs)).toBe(false);
    }
  });

  it('signs DingTalk robots with base64 HMAC-SHA256 keyed by the secret over "<ms>\\n<secret>"', () => {
    const dingSecret = 'SECexample0123456789abcdef';
    const ms = 1_790_000_000_123;
    const expected = createHmac('sha256', Buffer.from(dingSecret, 'utf8'))
      .update(Buffer.from(`${ms}\n${dingSecret}`, 'utf8'))
      .digest()
      .toString('base64');
    expect(dingTalkSign(dingSecret, ms)).toBe(expected);
    expect(dingTalkSign(dingSecret, ms + 1)).not.toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('the event id a receiver deduplicates on', () => {
  it('is in the signed body of every notice, equal to the unsigned X-Paidan-Event header’s', () => {
    for (const kind of REQUEST_NOTICE_KINDS) {
      const notice = renderNotice({
        eventId: `r-1#v3#${kind}`,
        kind,
        requestId: 'r-1',
        trackingCode: '48213705',
        service: { zh: '小家电维修', en: 'Small appliance repair' },
        areaNames: ['泰山区'],
        urgency: 'normal',
        teamName: '瑞迪维修队',
        deadline: '2026-11-29T10:53:55.477Z',
        reason: '居民已自行解决',
      });
      expect((notice.data as { eventId?: string }).eventId, kind).toBe(notice.eventId);
      expect(notice.eventId, kind).toBe(`r-1#v3#${kind}`);
    }
  });
});
