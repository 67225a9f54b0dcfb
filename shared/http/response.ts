/** What handlers return, and how it becomes an API Gateway v2 result. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** `cookies`: Set-Cookie values (API Gateway v2 takes them apart from the headers). */
export type HttpResult =
  | { readonly status: number; readonly json: unknown; readonly headers?: Record<string, string> }
  | { readonly status: number; readonly html: string; readonly headers?: Record<string, string>; readonly cookies?: readonly string[] }
  | { readonly status: number; readonly redirect: string; readonly cookies?: readonly string[] }
  /** A file (a PDF): sent base64-encoded, as API Gateway passes binary bodies. */
  | { readonly status: number; readonly bytes: Uint8Array; readonly contentType: string; readonly headers?: Record<string, string> };

const securityHeaders = {
  // Browsers keep to HTTPS for a year once they have seen this over HTTPS (and ignore it over the local stack's http).
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  // A page's address (a status link's token, a tracking code) goes to no other origin; our own
  // form posts carry their real Origin, which a browser without Sec-Fetch-Site is judged by
  // (`cross-site.ts`): under no-referrer they send `Origin: null`, refused as any other site.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Pages carry inline styles only; no script runs on any page. */
const pagePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function toApiResult(result: HttpResult, correlationId: string): APIGatewayProxyStructuredResultV2 {
  const base = { ...securityHeaders, 'x-correlation-id': correlationId };
  const cookies = 'cookies' in result && result.cookies?.length ? { cookies: [...result.cookies] } : {};
  if ('redirect' in result) {
    return { statusCode: result.status, headers: { ...base, location: result.redirect }, body: '', ...cookies };
  }
  if ('bytes' in result) {
    return {
      statusCode: result.status,
      headers: { ...base, 'content-type': result.contentType, ...result.headers },
      body: Buffer.from(result.bytes).toString('base64'),
      isBase64Encoded: true,
    };
  }
  if ('html' in result) {
    return {
      statusCode: result.status,
      headers: { ...base, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': pagePolicy, ...result.headers },
      body: result.html,
      ...cookies,
    };
  }
  return {
    statusCode: result.status,
    headers: { ...base, 'content-type': 'application/json; charset=utf-8', ...result.headers },
    body: JSON.stringify(result.json),
  };
}
