/** Small HTTP helpers for tests against the local stack. */
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

export const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

/** A valid submission for the demo data: an appliance repair in 科大社区. */
export function validSubmission(overrides: Record<string, unknown> = {}) {
  return {
    serviceCode: 'appliance-repair',
    areaId: 'taian.taishan.taiqian.keda',
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
