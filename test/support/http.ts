/** Small HTTP helpers for tests against the local stack. */
import { request as httpRequest } from 'node:http';
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = any>(): T;
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A form post as a browser sends it: a list is a field repeated (ticked boxes). */
export const postForm = (url: string, fields: Record<string, string | readonly string[]>, headers: Record<string, string> = {}) =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: new URLSearchParams(
      Object.entries(fields).flatMap(([k, v]): [string, string][] => (typeof v === 'string' ? [[k, v]] : v.map((one) => [k, one]))),
    ).toString(),
  });

/** A valid submission for the demo data: an appliance repair in 科大社区. */
export function validSubmission(overrides: Record<string, unknown> = {}) {
  return {
    serviceCode: 'appliance-repair',
    areaId: '370902003009',
    description: '收音机没有声音了，想请志愿者帮忙看看',
    contactName: '王秀兰',
    phone: '13912345678',
    address: '科大社区3号楼2单元501',
    urgency: 'normal',
    attributes: { applianceType: 'radio' },
    ...overrides,
  };
}

/** The same submission as HTML form fields (attributes as `attr.<service>.<field>`). */
export function validFormFields(overrides: Record<string, string> = {}): Record<string, string> {
  const { attributes, ...rest } = validSubmission();
  const fields: Record<string, string> = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)]));
  for (const [k, v] of Object.entries(attributes)) fields[`attr.appliance-repair.${k}`] = String(v);
  return { ...fields, ...overrides };
}

/**
 * A request with `path` sent exactly as given (fetch and `URL` would normalise `%2e%2e` or
 * reject some targets), with a deadline so a server that never answers fails the test;
 * `localAddress` sends it from another loopback address (another client, to the local stack).
 */
export function callRaw(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Reply> {
  const base = new URL(baseUrl);
  // Node frames a body by Content-Length or chunks only for some methods (not GET or DELETE):
  // without the length, a DELETE's body would be read as the start of the next request.
  const length = init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {};
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: init.method ?? 'GET',
        headers: { ...length, ...init.headers },
        timeout: 15_000,
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${init.method ?? 'GET'} ${path.slice(0, 80)}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}
