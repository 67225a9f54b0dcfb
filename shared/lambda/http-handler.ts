/**
 * The wrapper every HTTP function uses: middy with the logger's Lambda context, a correlation
 * id, request parsing, and one error middleware, attached last, that maps errors to responses.
 * Handlers only parse, call one use case and shape the output; they throw and never catch.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeKeysOf, topology } from '#shared/topology/topology';
import { isServiceBusy } from '#shared/adapters/busy-errors';
import { jsonError, statusOf } from '#shared/http/error-response';
import { toHttpRequest, withUnreadBody, type HttpRequest } from '#shared/http/request';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '#shared/domain/errors';
import { toApiResult, type HttpResult } from '#shared/http/response';
import type { Staff } from '#shared/domain/staff';
import type { StaffTokenVerifier } from '#shared/http/staff-token';
import type { Logger } from '#shared/observability/logger';
import { withoutQueries } from '#shared/observability/without-queries';
import { errorPage } from '#shared/http/error-page';
import { refuseCrossSite } from '#shared/http/cross-site';

export interface HttpHandlerOptions {
  readonly logger: Logger;
  /** The public API's base URL (env `PUBLIC_URL`), for functions that answer with absolute links. */
  readonly publicUrl?: string;
  /**
   * Turns an error into a page for a browser caller (for example the form shown again with
   * its messages). Returning undefined falls back to the generic error page.
   */
  readonly htmlError?: (error: unknown, request: HttpRequest) => Promise<HttpResult | undefined>;
  /**
   * For functions behind admin routes: on those routes the bearer token is verified (401, or 503
   * when the issuer cannot be reached) before anything else, and `request.staff()` is its staff member.
   */
  readonly staffTokens?: StaffTokenVerifier;
}

/** Every `auth: 'admin'` route of the topology, by route key. */
const adminRouteKeys = new Set(
  Object.values(topology.functions).flatMap((spec) =>
    routeKeysOf({ ...spec, triggers: spec.triggers.filter((t) => t.kind === 'http' && t.auth === 'admin') }),
  ),
);

function authorizationOf(event: APIGatewayProxyEventV2): string | undefined {
  const headers = event.headers ?? {};
  return headers.authorization ?? Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
}

const lowerCased = (headers: Event['headers'] | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
interface Internal {
  correlationId: string;
  request?: HttpRequest;
}

/**
 * Reads the request into `internal`. A body refused (413 too large, 415 a type not read) leaves
 * the request read without it, so that a form post is still answered with a page in its language.
 */
function readRequest(internal: Internal, event: Event, staff: Staff | undefined, publicUrl: string | undefined): HttpRequest {
  try {
    internal.request = toHttpRequest(event, topology.api.maxBodyBytes, staff, publicUrl);
    return internal.request;
  } catch (error) {
    if (error instanceof PayloadTooLargeError || error instanceof UnsupportedMediaTypeError)
      internal.request = withUnreadBody(event, publicUrl);
    throw error;
  }
}

const correlationPattern = /^[A-Za-z0-9._-]{8,100}$/;

export function httpHandler(options: HttpHandlerOptions, handle: (request: HttpRequest) => Promise<HttpResult>) {
  const { logger } = options;
  const state = new WeakMap<Context, Internal>();

  const correlation: middy.MiddlewareObj<Event, Result> = {
    before: ({ event, context }) => {
      const fromHeader = event.headers?.['x-correlation-id'];
      const correlationId = fromHeader && correlationPattern.test(fromHeader) ? fromHeader : event.requestContext.requestId;
      logger.setCorrelationId(correlationId);
      state.set(context, { correlationId });
    },
  };

  const errors: middy.MiddlewareObj<Event, Result> = {
    onError: async (request) => {
      const internal = state.get(request.context) ?? { correlationId: request.event.requestContext.requestId };
      const error = request.error;
      const status = statusOf(error);
      // A busy moment (throttling or contention past the SDK's retries) is told apart from a fault.
      if (isServiceBusy(error)) logger.warn('request refused: busy', { status, cause: (error as Error).name });
      else if (status >= 500) logger.error('request failed', withoutQueries(error));
      else logger.info('request refused', { status, code: (error as { code?: string }).code });
      const page = internal.request?.wantsHtml
        ? ((await options.htmlError?.(error, internal.request)) ?? errorPage(error, internal.request))
        : undefined;
      request.response = toApiResult(page ?? jsonError(error), internal.correlationId);
    },
  };

  return middy<Event, Result>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlation)
    .use(errors)
    .handler(async (event, context) => {
      const internal = state.get(context)!;
      try {
        refuseCrossSite(event.requestContext.http.method, lowerCased(event.headers), options.publicUrl);
      } catch (refusal) {
        // Read the request only to answer a browser with a page (a path it cannot read: JSON).
        try {
          readRequest(internal, event, undefined, options.publicUrl);
        } catch {}
        throw refusal;
      }
      let staff: Staff | undefined;
      if (adminRouteKeys.has(event.routeKey)) {
        // A function serving an admin route without a verifier is a wiring fault, not the caller's.
        if (!options.staffTokens) throw new Error(`${event.routeKey} is an admin route but this function verifies no staff tokens`);
        staff = await options.staffTokens.staff(authorizationOf(event));
      }
      return toApiResult(await handle(readRequest(internal, event, staff, options.publicUrl)), internal.correlationId);
    });
}
