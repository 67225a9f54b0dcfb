/**
 * In-process stand-ins for the HTTP APIs of Alibaba Cloud SMS and Tencent Cloud SMS, on
 * 127.0.0.1, which the official SDKs are pointed at through their endpoint option. Each checks
 * the request's signature with the secret it was given (Alibaba: ACS3-HMAC-SHA256; Tencent:
 * TC3-HMAC-SHA256, both as the providers document them), records what was asked (action,
 * signature name, template, parameters, phone), and answers what the test chose: success,
 * throttling, a refusal, or nothing at all.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubSend {
  readonly action: string;
  readonly signName: string;
  readonly template: string;
  /** Alibaba: the TemplateParam object; Tencent: TemplateParamSet. */
  readonly params: Readonly<Record<string, string>> | readonly string[];
  readonly phone: string;
  /** The request's signature matched the one computed with the stub's secret. */
  readonly signatureValid: boolean;
  /** Tencent: the SMS application; Alibaba: undefined. */
  readonly appId?: string;
}

/** What to answer: success, a provider error code (`isv.MOBILE_NUMBER_ILLEGAL`, `LimitExceeded.…`), or never (`hang`). */
export type StubAnswer =
  | { readonly kind: 'ok' }
  | { readonly kind: 'hang' }
  /** `message`: the provider's words, which quote the number unless given (Alibaba names its limit's level there: 触发天级流控). */
  | { readonly kind: 'code'; readonly code: string; readonly message?: string }
  | { readonly kind: 'api-error'; readonly code: string; readonly status?: number };

export interface SmsStub {
  readonly url: string;
  readonly received: StubSend[];
  /** Decides the answer to each send; success by default. */
  answer: (send: StubSend) => StubAnswer;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stub(server: Server, url: string, state: { received: StubSend[]; answer: (s: StubSend) => StubAnswer }): SmsStub {
  return {
    url,
    get received() {
      return state.received;
    },
    get answer() {
      return state.answer;
    },
    set answer(fn) {
      state.answer = fn;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Alibaba's percent-encoding for the canonical query (RFC 3986, `*` encoded too). */
function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * ACS3-HMAC-SHA256 (Alibaba Cloud's V3 request signature): HMAC-SHA256 with the AccessKey secret
 * over `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request (method, path, sorted encoded
 * query, the signed headers lower-cased and sorted, their names, the hex SHA-256 of the body).
 */
function aliyunSignatureValid(req: IncomingMessage, body: Buffer, accessKeyId: string, secret: string): boolean {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(req.headers.authorization ?? '');
  if (!auth || auth[1] !== accessKeyId) return false;
  const url = new URL(req.url ?? '/', 'http://stub');
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${acsEncode(k)}=${acsEncode(v)}`)
    .join('&');
  const signed = auth[2]!.split(';');
  const headers = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const payloadHash = sha256(body);
  if (req.headers['x-acs-content-sha256'] !== payloadHash) return false;
  const canonical = [req.method, url.pathname, query, headers, signed.join(';'), payloadHash].join('\n');
  const expected = hmac(secret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString('hex');
  return expected === auth[3];
}

export async function startAliyunSmsStub(keys: { accessKeyId: string; accessKeySecret: string }): Promise<SmsStub> {
  const state = { received: [] as StubSend[], answer: (_: StubSend): StubAnswer => ({ kind: 'ok' }) };
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const url = new URL(req.url ?? '/', 'http://stub');
    const q = (name: string) => url.searchParams.get(name) ?? new URLSearchParams(body.toString()).get(name) ?? '';
    let params: Record<string, string> = {};
    try {
      params = JSON.parse(q('TemplateParam') || '{}');
    } catch {
      params = {};
    }
    const send: StubSend = {
      action: String(req.headers['x-acs-action'] ?? ''),
      signName: q('SignName'),
      template: q('TemplateCode'),
      params,
      phone: q('PhoneNumbers'),
      signatureValid: aliyunSignatureValid(req, body, keys.accessKeyId, keys.accessKeySecret),
    };
    state.received.push(send);
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(json));
    };
    const requestId = `stub-${state.received.length}`;
    if (!send.signatureValid) return reply(400, { Code: 'SignatureDoesNotMatch', Message: 'signature mismatch', RequestId: requestId });
    const answer = state.answer(send);
    if (answer.kind === 'hang') return;
    if (answer.kind === 'api-error')
      return reply(answer.status ?? 400, { Code: answer.code, Message: `${answer.code} for ${send.phone}`, RequestId: requestId });
    // Business outcomes come back as 200 with the code in the body, as Dysmsapi answers them.
    if (answer.kind === 'code')
      return reply(200, { Code: answer.code, Message: answer.message ?? `refused ${send.phone}`, RequestId: requestId });
    return reply(200, { Code: 'OK', Message: 'OK', BizId: `biz-${state.received.length}`, RequestId: requestId });
  });
  return stub(server, await listen(server), state);
}

/**
 * TC3-HMAC-SHA256 (Tencent Cloud API 3.0): the signing key is derived by HMAC-SHA256 chains
 * `TC3`+SecretKey → date → service → `tc3_request`; it signs `TC3-HMAC-SHA256\n<timestamp>\n
 * <date>/<service>/tc3_request\n` + hex SHA-256 of the canonical request (method, path, query,
 * `content-type` and `host` headers, their names, hex SHA-256 of the body). The SDK takes the
 * service from the endpoint's first label, so against 127.0.0.1 the scope says `127`.
 */
function tencentSignatureValid(req: IncomingMessage, body: Buffer, secretId: string, secretKey: string): boolean {
  const auth =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
      req.headers.authorization ?? '',
    );
  if (!auth || auth[1] !== secretId) return false;
  const [, , date, service, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
  const timestamp = String(req.headers['x-tc-timestamp'] ?? '');
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return false;
  const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
  const canonicalHeaders = `content-type:${req.headers['content-type']}\nhost:${host}\n`;
  const url = new URL(req.url ?? '/', 'http://stub');
  const canonical = [req.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return hmac(key, toSign).toString('hex') === signature;
}

export async function startTencentSmsStub(keys: { secretId: string; secretKey: string }): Promise<SmsStub> {
  const state = { received: [] as StubSend[], answer: (_: StubSend): StubAnswer => ({ kind: 'ok' }) };
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = {};
    }
    const phones = (json.PhoneNumberSet as string[] | undefined) ?? [];
    const send: StubSend = {
      action: String(req.headers['x-tc-action'] ?? ''),
      signName: String(json.SignName ?? ''),
      template: String(json.TemplateId ?? ''),
      params: (json.TemplateParamSet as string[] | undefined) ?? [],
      phone: phones[0] ?? '',
      appId: String(json.SmsSdkAppId ?? ''),
      signatureValid: tencentSignatureValid(req, body, keys.secretId, keys.secretKey),
    };
    state.received.push(send);
    const requestId = `stub-${state.received.length}`;
    const reply = (response: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: { ...response, RequestId: requestId } }));
    };
    if (!send.signatureValid) return reply({ Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature mismatch' } });
    const answer = state.answer(send);
    if (answer.kind === 'hang') return;
    // API-level errors come in Response.Error; a number's outcome in its SendStatus, as API 3.0 answers.
    if (answer.kind === 'api-error') return reply({ Error: { Code: answer.code, Message: `${answer.code} for ${send.phone}` } });
    const status = answer.kind === 'ok' ? { Code: 'Ok', Message: 'send success' } : { Code: answer.code, Message: `refused ${send.phone}` };
    return reply({
      SendStatusSet: [
        { SerialNo: `serial-${state.received.length}`, PhoneNumber: send.phone, Fee: 1, SessionContext: '', IsoCode: 'CN', ...status },
      ],
    });
  });
  return stub(server, await listen(server), state);
}
