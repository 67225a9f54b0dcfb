/**
 * Signatures on outgoing webhooks. A `json` webhook carries `X-Paidan-Signature:
 * sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` and the timestamp (unix seconds) in
 * `X-Paidan-Timestamp`; receivers check both with `verifyWebhook`. DingTalk robots use their
 * own 加签 scheme (`dingTalkSign`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Paidan-Signature';
export const TIMESTAMP_HEADER = 'X-Paidan-Timestamp';
/** The notice's eventId, unsigned: receivers deduplicate on the signed body's `eventId`, never on this. */
export const EVENT_HEADER = 'X-Paidan-Event';

const mac = (secret: string, timestamp: string, body: string | Uint8Array) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${mac(secret, String(timestampSeconds), body).toString('hex')}`;
}

/** True only for a well-formed signature over this body, with a timestamp within `toleranceSeconds` of `now`. */
export function verifyWebhook(
  secret: string,
  timestampHeader: string | undefined,
  body: string | Uint8Array,
  signatureHeader: string | undefined,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader ?? '');
  if (!match) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestampHeader)) > toleranceSeconds) return false;
  const expected = mac(secret, timestampHeader, body);
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** DingTalk robot 加签: base64(HMAC-SHA256(secret, "<timestampMs>\n<secret>")), sent URL-encoded as `sign`. */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}
