import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Resolve, WebhookSender } from '#shared/adapters/notify/webhook-sender';
import type { ChannelTarget } from '#shared/domain/team';
import { PermanentDeliveryError, refusalKind, type RenderedNotice } from '#shared/ports/notification-sender';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}
interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
  hang?: boolean;
  /** Send the status line and the start of the body, then nothing more. */
  stall?: boolean;
}

const requests: Recorded[] = [];
const hanging: ServerResponse[] = [];
let answer: Answer;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      if (answer.hang) return void hanging.push(res);
      if (answer.stall) {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).write('{"errcode":');
        return void hanging.push(res);
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  for (const res of hanging.splice(0)) res.destroy();
  answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
});

const now = new Date('2026-11-03T02:00:00.123Z');
const sender = new WebhookSender({ allowLocal: true, clock: () => now, timeoutMs: 2000 });
const secret = 'team-json-webhook-secret-0123456789';
const robotKey = 'ROBOTKEY-7f3c9a1e-5b2d';
const notice: RenderedNotice = {
  eventId: 'evt-r1-v3-offer',
  kind: 'offer',
  title: '新派单：家电维修',
  text: '新派单：家电维修，科大社区，请在30分钟内回复。',
  markdown: '### 新派单：家电维修\n> 科大社区',
  data: { kind: 'offer', requestId: 'r1', service: '家电维修', deadline: '2026-11-03T02:30:00.000Z' },
};
const json = (): ChannelTarget => ({ kind: 'webhook', format: 'json', url: `${base}/hooks/paidan?key=${robotKey}`, secret });
const wecom = (): ChannelTarget => ({ kind: 'webhook', format: 'wecom', url: `${base}/cgi-bin/webhook/send?key=${robotKey}` });
const dingtalk = (withSecret = true): ChannelTarget => ({
  kind: 'webhook',
  format: 'dingtalk',
  url: `${base}/robot/send?access_token=${robotKey}`,
  ...(withSecret ? { secret: 'SECdingtalk0123456789abcdef' } : {}),
});

async function failure(promise: Promise<void>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const e = error as Error;
  expect(e.message).not.toContain(robotKey);
  expect(e.message).not.toContain('127.0.0.1');
  expect(e.message).not.toContain('家电维修');
  return e;
}
const expectTransient = async (promise: Promise<void>, message: string | RegExp) => {
  const e = await failure(promise);
  expect(e).not.toBeInstanceOf(PermanentDeliveryError);
  expect(e.message).toMatch(message);
};
const expectPermanent = async (promise: Promise<void>, message: string | RegExp) => {
  const e = await failure(promise);
  expect(e).toBeInstanceOf(PermanentDeliveryError);
  expect(e.message).toMatch(message);
};

describe('WebhookSender, json', () => {
  it('POSTs the data as JSON, signed over exactly the bytes sent, with timestamp and event headers', async () => {
    answer = { status: 204, body: '' };
    await sender.send(json(), notice);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`/hooks/paidan?key=${robotKey}`);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(req!.body.toString('utf8'))).toEqual(notice.data);
    const timestamp = req!.headers['x-paidan-timestamp'];
    expect(timestamp).toBe(String(Math.floor(now.getTime() / 1000)));
    const expected = createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${timestamp}.`), req!.body]))
      .digest('hex');
    expect(req!.headers['x-paidan-signature']).toBe(`sha256=${expected}`);
    expect(req!.headers['x-paidan-event']).toBe('evt-r1-v3-offer');
  });

  it('takes any 2xx as delivered, whatever the body', async () => {
    answer = { status: 202, body: 'accepted, thanks', headers: { 'content-type': 'text/plain' } };
    await expect(sender.send(json(), notice)).resolves.toBeUndefined();
  });

  it('refuses for good to send a json webhook without a secret, without sending', async () => {
    const { secret: _, ...unsigned } = json() as Extract<ChannelTarget, { kind: 'webhook' }>;
    await expectPermanent(sender.send(unsigned, notice), /secret/);
    expect(requests).toHaveLength(0);
  });

  it('refuses other kinds of target with a plain error', async () => {
    const e = await sender.send({ kind: 'sms', phone: '+8613912345678' }, notice).catch((e: unknown) => e as Error);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(requests).toHaveLength(0);
  });
});

describe('WebhookSender, robots', () => {
  it('sends WeCom robots a markdown message and nothing signed', async () => {
    await sender.send(wecom(), notice);
    const [req] = requests;
    expect(req!.path).toBe(`/cgi-bin/webhook/send?key=${robotKey}`);
    expect(JSON.parse(req!.body.toString('utf8'))).toEqual({ msgtype: 'markdown', markdown: { content: notice.markdown } });
    expect(req!.headers['x-paidan-signature']).toBeUndefined();
  });

  it('sends DingTalk robots a markdown message with title, signed in the query when it has a secret', async () => {
    await sender.send(dingtalk(), notice);
    const [req] = requests;
    expect(JSON.parse(req!.body.toString('utf8'))).toEqual({
      msgtype: 'markdown',
      markdown: { title: notice.title, text: notice.markdown },
    });
    const url = new URL(req!.path, base);
    expect(url.pathname).toBe('/robot/send');
    expect(url.searchParams.get('access_token')).toBe(robotKey);
    expect(url.searchParams.get('timestamp')).toBe(String(now.getTime()));
    const sign = createHmac('sha256', 'SECdingtalk0123456789abcdef')
      .update(`${now.getTime()}\nSECdingtalk0123456789abcdef`)
      .digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(req!.path).toContain(`&sign=${encodeURIComponent(sign)}`);
  });

  it('leaves an unsigned DingTalk URL as it is', async () => {
    await sender.send(dingtalk(false), notice);
    expect(requests[0]!.path).toBe(`/robot/send?access_token=${robotKey}`);
  });

  it('treats robot rate limits and WeCom "system busy" as transient, other errcodes as permanent', async () => {
    answer = { status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' };
    await expectTransient(sender.send(wecom(), notice), 'webhook answered errcode 45009');
    answer = { status: 200, body: '{"errcode":-1,"errmsg":"system busy"}' };
    await expectTransient(sender.send(wecom(), notice), 'errcode -1');
    answer = { status: 200, body: `{"errcode":93000,"errmsg":"invalid webhook url, hint: key=${robotKey}"}` };
    await expectPermanent(sender.send(wecom(), notice), 'errcode 93000');
    answer = { status: 200, body: '{"errcode":130101,"errmsg":"send too fast"}' };
    await expectTransient(sender.send(dingtalk(), notice), 'errcode 130101');
    answer = { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' };
    await expectPermanent(sender.send(dingtalk(), notice), 'errcode 310000');
    answer = { status: 200, body: '{"errcode":45009}' };
    await expectPermanent(sender.send(dingtalk(), notice), 'errcode 45009');
  });

  it('takes a robot answer without an errcode as a permanent failure', async () => {
    answer = { status: 200, body: '<html>not a robot</html>', headers: { 'content-type': 'text/html' } };
    await expectPermanent(sender.send(wecom(), notice), /without JSON/);
    answer = { status: 200, body: '{"ok":true}' };
    await expectPermanent(sender.send(dingtalk(), notice), /without an errcode/);
  });
});

describe('WebhookSender, HTTP failures', () => {
  it.each([500, 502, 503, 429, 408])('takes %i as transient', async (status) => {
    answer = { status, body: `{"error":"busy","key":"${robotKey}"}` };
    await expectTransient(sender.send(json(), notice), `webhook answered ${status}`);
  });

  it.each([400, 401, 403, 404, 410])('takes %i as permanent', async (status) => {
    answer = { status, body: `{"error":"no such hook ${robotKey}"}` };
    await expectPermanent(sender.send(wecom(), notice), `webhook answered ${status}`);
  });

  it.each([
    [401, 'configuration'],
    [403, 'configuration'],
    [404, 'configuration'],
    [410, 'configuration'],
    [400, 'other'],
  ])('counts a %i for the refusals alarm only when the team can fix its channel (%s)', async (status, kind) => {
    answer = { status, body: '' };
    const error = await sender.send(wecom(), notice).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(refusalKind(error as PermanentDeliveryError)).toBe(kind);
  });

  it.each([301, 302, 307, 308])('does not follow a %i: permanent', async (status) => {
    answer = { status, body: '', headers: { location: `${base}/elsewhere?key=${robotKey}` } };
    await expectPermanent(sender.send(json(), notice), `webhook answered ${status}`);
    expect(requests.map((r) => r.path)).toEqual([`/hooks/paidan?key=${robotKey}`]);
  });

  it('gives up after the timeout, as transient', async () => {
    answer = { status: 200, body: '', hang: true };
    const started = Date.now();
    await expectTransient(new WebhookSender({ allowLocal: true, timeoutMs: 150 }).send(wecom(), notice), 'webhook timed out');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up an answer whose body stops coming within the same timeout, as transient', async () => {
    answer = { status: 200, body: '', stall: true };
    const started = Date.now();
    await expectTransient(new WebhookSender({ allowLocal: true, timeoutMs: 150 }).send(wecom(), notice), 'webhook timed out');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up a DNS lookup that never answers within the timeout, as transient', async () => {
    const silent = new WebhookSender({ resolve: () => new Promise(() => undefined), timeoutMs: 150 });
    const started = Date.now();
    await expectTransient(
      silent.send({ kind: 'webhook', format: 'wecom', url: 'https://hooks.example.org/send' }, notice),
      'webhook timed out',
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('counts the address check’s lookup against the timeout: a lookup answering after it sends nothing', async () => {
    const late: Resolve = () => new Promise((resolve) => setTimeout(() => resolve([{ address: '127.0.0.1', family: 4 }]), 300));
    await expectTransient(
      new WebhookSender({ allowLocal: true, resolve: late, timeoutMs: 150 }).send(wecom(), notice),
      'webhook timed out',
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(requests).toEqual([]);
  });

  it('gives up the connection’s own lookup when it never answers, within the timeout, as transient', async () => {
    let lookups = 0;
    // The check's lookup answers; the connection's (the pinned address check) never does.
    const once: Resolve = () => (lookups++ === 0 ? Promise.resolve([{ address: '127.0.0.1', family: 4 }]) : new Promise(() => undefined));
    const started = Date.now();
    const named: ChannelTarget = { kind: 'webhook', format: 'wecom', url: `${base.replace('127.0.0.1', 'localhost')}/send` };
    await expectTransient(new WebhookSender({ allowLocal: true, resolve: once, timeoutMs: 150 }).send(named, notice), 'webhook timed out');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(lookups).toBe(2);
    expect(requests).toEqual([]);
  });

  it('takes a refused connection as transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const target: ChannelTarget = { kind: 'webhook', format: 'wecom', url: `http://127.0.0.1:${port}/send?key=${robotKey}` };
    await expectTransient(sender.send(target, notice), /^webhook unreachable/);
  });

  it('uses the injected fetch', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fake: typeof fetch = async (url, init) => {
      calls.push({ url: String(url), init });
      return new Response('{"errcode":0}', { status: 200 });
    };
    await new WebhookSender({ allowLocal: true, fetch: fake }).send(wecom(), notice);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init).toMatchObject({ method: 'POST', redirect: 'manual' });
    expect(calls[0]!.init!.signal).toBeInstanceOf(AbortSignal);
    expect(requests).toHaveLength(0);
  });
});

describe('webhook targets that are not public', () => {
  const target = (url: string): ChannelTarget => ({ kind: 'webhook', format: 'wecom', url });
  const resolvingTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    ['169.254.169.254'],
    ['10.0.0.7'],
    ['127.0.0.1'],
    ['::1'],
    ['fd00:ec2::254'],
    ['::ffff:192.168.0.1'],
    ['93.184.216.34', '10.0.0.7'],
  ])('refuses a host resolving to %s for good, without connecting', async (...addresses) => {
    let fetched = 0;
    const fake: typeof fetch = async () => {
      fetched++;
      return new Response('{"errcode":0}', { status: 200 });
    };
    const guarded = new WebhookSender({ fetch: fake, resolve: resolvingTo(...addresses) });
    await expectPermanent(guarded.send(target('https://hooks.example.org/x'), notice), /^webhook target refused/);
    expect(fetched).toBe(0);
  });

  it('refuses plain http and literal private addresses without the local allowance', async () => {
    const guarded = new WebhookSender({ resolve: resolvingTo('93.184.216.34') });
    await expectPermanent(guarded.send(target('http://hooks.example.org/x'), notice), /^webhook target refused/);
    await expectPermanent(guarded.send(target('https://169.254.169.254/latest'), notice), /^webhook target refused/);
  });

  it('refuses open and closed local ports alike: the outcome tells nothing of what listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const guarded = new WebhookSender({});
    const open = await guarded.send(target(`${base.replace('http:', 'https:')}/x`), notice).catch((e: Error) => e);
    const shut = await guarded.send(target(`https://127.0.0.1:${port}/x`), notice).catch((e: Error) => e);
    expect(open).toBeInstanceOf(PermanentDeliveryError);
    expect(shut).toBeInstanceOf(PermanentDeliveryError);
    expect((open as Error).message).toBe((shut as Error).message);
    expect(requests).toEqual([]);
  });

  it('checks the address the connection really uses, so a name cannot resolve differently at connect time', async () => {
    let calls = 0;
    // First answer public (the check), then loopback (the connection): DNS rebinding.
    const rebinding = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const guarded = new WebhookSender({ resolve: rebinding, timeoutMs: 2000 });
    await expectPermanent(guarded.send(target('https://rebind.example.org/x'), notice), /^webhook target refused/);
    expect(requests).toEqual([]);
  });
});
