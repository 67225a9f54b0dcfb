/**
 * The parts of an API Gateway HTTP API (v2) event a handler works with, read in one place:
 * body parsing (JSON or an HTML form), its size limit and the content negotiation.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { UnauthorizedError } from '#shared/domain/errors';
import { illFormedPath, NOT_WELL_FORMED } from '#shared/domain/validation';

export interface HttpRequest {
  /** API Gateway's route, `POST /admin/requests/{id}/void-credits`: what a route table dispatches on. */
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed body: a JSON value, or for a form a flat object of its fields. */
  readonly body: unknown;
  readonly bodyKind: 'json' | 'form' | 'none';
  /** True when the caller is a browser asking for a page rather than an API client. */
  readonly wantsHtml: boolean;
  /**
   * The deployment's public URL (env `PUBLIC_URL`), for absolute links in responses. Never the
   * Host or X-Forwarded-* headers: a client sets those, and links carry access tokens and
   * signatures. Reading it in a function not given `PUBLIC_URL` throws.
   */
  readonly origin: string;
  readonly sourceIp: string;
  /** The request's cookies by name (API Gateway v2 passes them apart from the headers). */
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /**
   * The admin caller, on `auth: 'admin'` routes: the bearer token verified against the staff
   * sign-in's issuer and mapped to a role; UnauthorizedError (401) otherwise.
   */
  staff(): Staff;
}

/**
 * The longest path parameter any route takes: ids, codes and volunteer keys are far shorter, and
 * a longer one would reach DynamoDB as a key it refuses (2 KB partition, 1 KB sort key).
 */
export const MAX_PATH_PARAMETER_LENGTH = 200;

/** `staff`: the caller, when the route is an admin route and its token was verified (`http-handler.ts`). */
export function toHttpRequest(event: APIGatewayProxyEventV2, maxBodyBytes: number, staff?: Staff, publicUrl?: string): HttpRequest {
  const overlong = Object.entries(event.pathParameters ?? {}).filter(([, v]) => (v ?? '').length > MAX_PATH_PARAMETER_LENGTH);
  if (overlong.length > 0)
    throw new ValidationError(overlong.map(([field]) => ({ field, message: `At most ${MAX_PATH_PARAMETER_LENGTH} characters` })));
  const headers = headersOf(event);
  return requestOf(event, headers, parseBody(event, headers['content-type'] ?? '', maxBodyBytes), staff, publicUrl);
}

/**
 * The request with its body left unread: for answering a body refused (413 too large, 415 a type
 * not read) in the caller's terms. A form post, like a browser asking for a page, gets a page.
 */
export function withUnreadBody(event: APIGatewayProxyEventV2, publicUrl?: string): HttpRequest {
  return requestOf(event, headersOf(event), { body: undefined, bodyKind: 'none' }, undefined, publicUrl);
}

const headersOf = (event: APIGatewayProxyEventV2) =>
  Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

function requestOf(
  event: APIGatewayProxyEventV2,
  headers: Record<string, string | undefined>,
  { body, bodyKind }: Pick<HttpRequest, 'body' | 'bodyKind'>,
  staff: Staff | undefined,
  publicUrl: string | undefined,
): HttpRequest {
  const query = event.queryStringParameters ?? {};
  const accept = headers.accept ?? '';
  return {
    routeKey: event.routeKey,
    method: event.requestContext.http.method,
    path: event.rawPath,
    pathParameters: event.pathParameters ?? {},
    query,
    headers,
    body,
    bodyKind,
    wantsHtml: mediaTypeOf(headers['content-type'] ?? '') === FORM_TYPE || (accept.includes('text/html') && query.format !== 'json'),
    get origin() {
      if (!publicUrl) throw new Error('This function writes absolute links but has no PUBLIC_URL (set publicUrl in its topology entry)');
      return publicUrl;
    },
    sourceIp: event.requestContext.http.sourceIp,
    cookies: cookiesOf(event.cookies ?? []),
    staff: () => {
      if (!staff) throw new UnauthorizedError('An admin sign-in is required');
      return staff;
    },
  };
}

/**
 * A name sent twice reads as not sent: the second may be one another host of the parent domain
 * planted (Domain=, a longer Path), and which of the two a browser lists first is its choice. A
 * duplicated session cookie is no session: signed out, never signed in as someone else.
 *
 * Only ASCII space and tab are trimmed, and a pair whose name is not an RFC 6265 token is left
 * out: `String.trim()` would strip U+2000 and its kin, and a sibling host can plant
 * `\u2000__Host-paidan_me` for the parent domain (to a browser, not a prefixed name).
 */
export function cookiesOf(pairs: readonly string[]): Record<string, string> {
  const cookies: Record<string, string> = {};
  const twice = new Set<string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = trimSpaceAndTab(pair.slice(0, eq));
    if (!COOKIE_NAME.test(name)) continue;
    if (Object.hasOwn(cookies, name)) twice.add(name);
    cookies[name] = trimSpaceAndTab(pair.slice(eq + 1));
  }
  for (const name of twice) delete cookies[name];
  return cookies;
}

/** RFC 6265's cookie-name: an RFC 2616 token (visible ASCII but separators). */
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const trimSpaceAndTab = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '');

function parseBody(event: APIGatewayProxyEventV2, contentType: string, maxBodyBytes: number) {
  if (!event.body) return { body: undefined, bodyKind: 'none' as const };
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const text = raw.toString('utf8');
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ValidationError([{ field: '(body)', message: 'Body is not valid JSON' }]);
    }
    // Every field, ids too: a lone surrogate (a `\ud800` escape; UTF-8 and forms cannot carry one) is no text.
    const illFormed = illFormedPath(body);
    if (illFormed !== undefined) throw new ValidationError([{ field: illFormed || '(body)', message: NOT_WELL_FORMED }]);
    return { body, bodyKind: 'json' as const };
  }
  if (mediaType === FORM_TYPE) {
    return { body: parseForm(text), bodyKind: 'form' as const };
  }
  throw new UnsupportedMediaTypeError(mediaType);
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const mediaTypeOf = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** A form body as a flat object; a repeated field becomes an array. */
function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
