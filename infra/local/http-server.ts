/**
 * Serves the topology's HTTP routes on localhost the way API Gateway's HTTP API (payload 2.0)
 * does: each request becomes a v2 event for the same handler that runs in Lambda.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type HttpTrigger, routeKey } from '#shared/topology/topology';
import type { LocalFunction } from './lambda-runtime';
import type { LocalLog } from './log-line';
import { PortInUseError } from './ports';
import { SignInUnavailableError } from '#shared/domain/errors';

/** The gateway's answer to a refused token: 401, or 503 when the issuer's keys cannot be had. */
function statusOfRefusal(error: Error): number {
  return error instanceof SignInUnavailableError ? 503 : 401;
}

export interface LocalRoute {
  readonly trigger: HttpTrigger;
  readonly fn: LocalFunction;
}

/** A route the local stack serves itself (not in the topology, never deployed), e.g. `/dev/outbox`. */
export interface LocalOnlyRoute {
  readonly method: 'GET';
  readonly path: string;
  handle(req: IncomingMessage, url: URL): Promise<APIGatewayProxyStructuredResultV2>;
}

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const textTypes = /^(text\/|application\/(json|x-www-form-urlencoded|xml|[a-z.+-]+\+json))/i;

/** A path whose percent-encoding is not valid UTF-8 (`%zz`, `%E0%A4%A`, a lone `%`): API Gateway answers 400. */
class MalformedPathError extends Error {}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedPathError();
  }
}

/** The request target as a URL; an absolute-form or otherwise unparsable target is a malformed path. */
function requestUrl(target: string): URL {
  try {
    // Prefixed rather than resolved against a base, so `//host/path` stays a path on this server.
    return new URL(target.startsWith('/') ? `http://localhost${target}` : target, 'http://localhost');
  } catch {
    throw new MalformedPathError();
  }
}

function matchRoute(routes: readonly LocalRoute[], method: string, path: string) {
  const parts = path.split('/');
  for (const route of routes) {
    if (route.trigger.method !== method) continue;
    const pattern = route.trigger.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((segment, i) => {
      const actual = parts[i]!;
      if (segment.startsWith('{') && segment.endsWith('}')) {
        if (!actual) return false;
        params[segment.slice(1, -1)] = decodeSegment(actual);
        return true;
      }
      return segment === actual;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: LocalRoute,
  params: Record<string, string>,
  claims: Readonly<Record<string, string>> | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const isText = textTypes.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const key = routeKey(route.trigger);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

const json = (statusCode: number, message: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

export interface HttpServerOptions {
  /** Routes the local stack serves itself. */
  readonly localOnly?: readonly LocalOnlyRoute[];
  /**
   * The JWT authorizer of `auth: 'admin'` routes: the verified claims of a bearer token, or a
   * rejection for a 401 (or a 503 when the issuer cannot be reached).
   */
  readonly adminClaims?: (authorization: string | undefined) => Promise<Readonly<Record<string, unknown>>>;
}

/** Claims as API Gateway hands them to the function: strings, a list as `[a b]`, an object as JSON. */
function gatewayClaims(claims: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [
      k,
      Array.isArray(v) ? `[${v.join(' ')}]` : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]),
  );
}

export async function startHttpServer(
  routes: readonly LocalRoute[],
  port: number,
  log: LocalLog,
  options: HttpServerOptions = {},
): Promise<Server> {
  const localOnly = options.localOnly ?? [];
  const server = createServer((req, res) => {
    const started = Date.now();
    // What the log may show of the request: never its query, which can hold an access token or a link's signature.
    let logged = (req.url ?? '/').split('?')[0]!.slice(0, 200);
    const respond = (result: APIGatewayProxyStructuredResultV2) => {
      try {
        send(res, result);
      } catch (error) {
        // A result Node refuses to write (say a header with a forbidden character) is the server's fault, not a reason to stop.
        log('http', `${req.method} ${logged} answer not sent: ${(error as Error).name}`);
        if (!res.headersSent) send(res, json(500, 'Internal Server Error'));
        else res.destroy();
        return;
      }
      log('http', `${req.method} ${logged} → ${result.statusCode} ${Date.now() - started}ms`);
    };
    try {
      const url = requestUrl(req.url ?? '/');
      logged = url.pathname.slice(0, 200);
      const own = localOnly.find((r) => r.method === req.method && r.path === url.pathname);
      if (own) {
        void own.handle(req, url).then(respond, (error: Error) => respond(json(500, error.message)));
        return;
      }
      const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
      if (!match) return respond(json(404, 'Not Found'));
      const isAdmin = match.route.trigger.auth === 'admin';
      const authorized = isAdmin
        ? (options.adminClaims?.(req.headers.authorization) ?? Promise.reject(new Error('no authorizer'))).then(
            gatewayClaims,
            (error: Error) => statusOfRefusal(error),
          )
        : Promise.resolve(undefined);
      void authorized
        .then(async (claims) => {
          if (typeof claims === 'number') return respond(json(claims, claims === 401 ? 'Unauthorized' : 'Service Unavailable'));
          const body = await readBody(req);
          if (body === 'too-large') return respond(json(413, 'Request Entity Too Large'));
          const result = (await match.route.fn.invoke(
            toEvent(req, url, body, match.route, match.params, claims),
          )) as APIGatewayProxyStructuredResultV2;
          respond(result);
        })
        .catch((error: Error) => {
          log('http', `${match.route.fn.name} failed: ${error.name}: ${error.message}`);
          respond(json(502, 'Internal Server Error'));
        });
    } catch (error) {
      // One request never stops the stack: a malformed path is the caller's 400, anything else a logged 500.
      if (error instanceof MalformedPathError) return respond(json(400, 'Bad Request'));
      log('http', `${req.method} ${logged} failed: ${(error as Error).name}`);
      respond(json(500, 'Internal Server Error'));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
