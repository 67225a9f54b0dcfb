/**
 * Webhook delivery: a signed JSON POST (`json`), or a markdown message to a WeCom (企业微信) or
 * DingTalk group robot. Errors never name the URL (robot keys live in it) nor the body.
 * 2xx is delivered; 408, 429, 5xx, timeouts and network errors are transient; any other
 * status (redirects included: a signed body is not sent on) is permanent, as are robot
 * `errcode`s other than their rate limits. One timeout (5 s) bounds the whole delivery: the
 * address check's DNS lookup, the connection's, the answer and its body.
 */
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusedAddressReason, refusedWebhookUrl } from '#shared/domain/webhook-target';
import { dingTalkSign, EVENT_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '#shared/domain/webhook-signature';
import type { ChannelTarget } from '#shared/domain/team';
import {
  MisconfiguredDeliveryError,
  PermanentDeliveryError,
  type NotificationSender,
  type RenderedNotice,
} from '#shared/ports/notification-sender';

type WebhookTarget = Extract<ChannelTarget, { kind: 'webhook' }>;

/** Resolves a host to all its addresses (dns.lookup with `all`), injectable for tests. */
export type Resolve = (host: string) => Promise<readonly { address: string; family: number }[]>;

export interface WebhookSenderOptions {
  readonly fetch?: typeof fetch;
  /** Local stack only: plain http and loopback targets are allowed. */
  readonly allowLocal?: boolean;
  readonly resolve?: Resolve;
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
}

interface Outgoing {
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  /** The robot `errcode`s that mean "try again later"; undefined for a plain webhook. */
  readonly transientErrcodes?: readonly number[];
}

const JSON_TYPE = 'application/json; charset=utf-8';
const WECOM_TRANSIENT = [45009, -1];
const DINGTALK_TRANSIENT = [130101];
const MISCONFIGURED_STATUSES = [401, 403, 404, 410];

export class WebhookSender implements NotificationSender {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly clock: () => Date;
  private readonly allowLocal: boolean;
  private readonly resolve: Resolve;

  constructor(options: WebhookSenderOptions = {}) {
    this.allowLocal = options.allowLocal ?? false;
    this.resolve = options.resolve ?? defaultResolve;
    this.fetch = options.fetch ?? pinnedFetch(this.resolve, this.allowLocal);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.clock = options.clock ?? (() => new Date());
  }

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'webhook') throw new Error(`WebhookSender cannot send to a ${target.kind} target`);
    const outgoing = this.outgoing(target, notice);
    const signal = AbortSignal.timeout(this.timeoutMs);
    await this.checkTarget(outgoing.url, signal);
    let response: Response;
    try {
      response = await this.fetch(outgoing.url, {
        method: 'POST',
        headers: outgoing.headers,
        body: outgoing.body,
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      throw networkError(error, signal);
    }
    const status = response.status;
    const ok = status >= 200 && status < 300;
    if (ok && outgoing.transientErrcodes) return checkErrcode(response, outgoing.transientErrcodes, signal);
    await response.body?.cancel().catch(() => undefined);
    if (ok) return;
    if (status === 408 || status === 429 || status >= 500) throw new Error(`webhook answered ${status}`);
    // The hook gone or refusing its credentials: the team fixes its channel.
    if (MISCONFIGURED_STATUSES.includes(status)) throw new MisconfiguredDeliveryError(`webhook answered ${status}`);
    throw new PermanentDeliveryError(
      status >= 300 && status < 400 ? `webhook answered ${status} (redirects are not followed)` : `webhook answered ${status}`,
    );
  }

  /**
   * Refuses a target that is not https or resolves to a non-public address, before anything is
   * sent: a permanent refusal, the same whatever listens there. The connection itself resolves
   * through the same check (`pinnedFetch`), so a name that changes its answer meanwhile (DNS
   * rebinding) cannot get through either. A lookup that does not answer before the delivery's
   * deadline is given up (it cannot be cancelled): transient, like a timed-out request.
   */
  private async checkTarget(url: string, signal: AbortSignal): Promise<void> {
    const refused = refusedWebhookUrl(url, { allowLocal: this.allowLocal });
    if (refused) throw new PermanentDeliveryError(`webhook target refused: ${refused}`);
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    let addresses: readonly { address: string }[];
    try {
      addresses = await untilAborted(this.resolve(host), signal);
    } catch {
      throw new Error(signal.aborted ? 'webhook timed out' : 'webhook unreachable (no address)');
    }
    const reason = addresses.map((a) => refusedReason(a.address, this.allowLocal)).find(Boolean);
    if (reason || addresses.length === 0) throw new PermanentDeliveryError(`webhook target refused: ${reason ?? 'no address'}`);
  }

  private outgoing(target: WebhookTarget, notice: RenderedNotice): Outgoing {
    switch (target.format) {
      case 'json': {
        if (!target.secret) throw new MisconfiguredDeliveryError('json webhook has no secret to sign with');
        const body = JSON.stringify(notice.data);
        const timestamp = Math.floor(this.clock().getTime() / 1000);
        return {
          url: target.url,
          body,
          headers: {
            'content-type': JSON_TYPE,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
            [EVENT_HEADER]: notice.eventId,
          },
        };
      }
      case 'wecom':
        return {
          url: target.url,
          body: JSON.stringify({ msgtype: 'markdown', markdown: { content: notice.markdown } }),
          headers: { 'content-type': JSON_TYPE },
          transientErrcodes: WECOM_TRANSIENT,
        };
      case 'dingtalk':
        return {
          url: target.secret ? dingTalkUrl(target.url, target.secret, this.clock().getTime()) : target.url,
          body: JSON.stringify({ msgtype: 'markdown', markdown: { title: notice.title, text: notice.markdown } }),
          headers: { 'content-type': JSON_TYPE },
          transientErrcodes: DINGTALK_TRANSIENT,
        };
    }
  }
}

/** The robot URL with `timestamp` and `sign` appended; its own query (`access_token`) kept as it was. */
function dingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const signed = new URL(url);
  const extra = `timestamp=${timestampMs}&sign=${encodeURIComponent(dingTalkSign(secret, timestampMs))}`;
  signed.search = signed.search ? `${signed.search}&${extra}` : extra;
  return signed.toString();
}

/** A robot answers 200 with `{"errcode": 0}` when it took the message. */
async function checkErrcode(response: Response, transient: readonly number[], signal: AbortSignal): Promise<void> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, signal);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new PermanentDeliveryError(`webhook answered ${response.status} without JSON`);
  }
  const errcode = typeof answer === 'object' && answer !== null ? (answer as { errcode?: unknown }).errcode : undefined;
  if (errcode === 0) return;
  if (typeof errcode !== 'number') throw new PermanentDeliveryError(`webhook answered ${response.status} without an errcode`);
  if (transient.includes(errcode)) throw new Error(`webhook answered errcode ${errcode}`);
  // The robot's own refusal (its key rotated or removed, its keyword or signature changed): the team fixes its channel.
  throw new MisconfiguredDeliveryError(`webhook answered errcode ${errcode}`);
}

/** The promise's outcome, or the signal's abort if that comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Thrown by the connection's lookup for a non-public address. */
class RefusedAddressError extends Error {}

function refusedReason(address: string, allowLocal: boolean): string | undefined {
  const reason = refusedAddressReason(address);
  return allowLocal && reason === 'loopback' ? undefined : reason;
}

const defaultResolve: Resolve = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** A robot's answer is short; more than this is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * A fetch for one POST whose connection resolves its host and connects only to a checked
 * address. Node's own http client (no dependency: undici's fetch was 400 KB of every bundle that
 * sends a notice); redirects are never followed. Errors take fetch's shape: a TypeError whose
 * `cause` is the connection's error, or the abort's own error.
 */
function pinnedFetch(resolve: Resolve, allowLocal: boolean): typeof fetch {
  const lookup: LookupFunction = (host, options, callback) => {
    resolve(host).then(
      (addresses) => {
        const bad = addresses.length === 0 || addresses.some((a) => refusedReason(a.address, allowLocal));
        if (bad) return callback(new RefusedAddressError('webhook target refused'), '', 4);
        if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        const first = addresses[0]!;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
  return ((url: string, init: RequestInit) =>
    new Promise<Response>((done, fail) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(
        target,
        { method: 'POST', headers: init.headers as Record<string, string>, lookup, signal: init.signal ?? undefined, agent: false },
        (answer) => done(answerOf(answer)),
      );
      outgoing.on('error', (error) =>
        fail(error.name === 'AbortError' ? (init.signal?.reason ?? error) : new TypeError('fetch failed', { cause: error })),
      );
      outgoing.end(init.body as string);
    })) as unknown as typeof fetch;
}

/** The part of a Response the sender reads: the status, the text (capped), a way to drop the body. */
function answerOf(answer: IncomingMessage): Response {
  const text = () =>
    new Promise<string>((done, fail) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      answer.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      answer.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
      answer.on('error', fail);
    });
  const body = {
    cancel: async () => {
      answer.destroy();
    },
  };
  return { status: answer.statusCode ?? 0, text, body } as unknown as Response;
}

/** A body cut short by the deadline fails as a reset connection: the signal tells it timed out. */
function networkError(error: unknown, signal: AbortSignal): Error {
  if (error instanceof Error && error.cause instanceof RefusedAddressError) return new PermanentDeliveryError('webhook target refused');
  const name = error instanceof Error ? error.name : '';
  if (signal.aborted || name === 'TimeoutError' || name === 'AbortError') return new Error('webhook timed out');
  const code = error instanceof Error && error.cause instanceof Error ? (error.cause as { code?: unknown }).code : undefined;
  return new Error(typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `webhook unreachable (${code})` : 'webhook unreachable');
}
