/**
 * The one place where errors become HTTP responses. Domain errors map by class; anything else
 * is a 500 whose body says nothing about the internals.
 */
import {
  ConflictError,
  CrossSiteRequestError,
  DomainError,
  ForbiddenError,
  GoneError,
  IdempotencyMismatchError,
  NotFoundError,
  OutsideAreaError,
  PayloadTooLargeError,
  RateLimitedError,
  SignInUnavailableError,
  SmsUnavailableError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/domain/errors';
import type { HttpResult } from './response';

export function statusOf(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof CrossSiteRequestError || error instanceof OutsideAreaError || error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof GoneError) return 410;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof UnsupportedMediaTypeError) return 415;
  if (error instanceof IdempotencyMismatchError) return 422;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof SignInUnavailableError || error instanceof SmsUnavailableError) return 503;
  return 500;
}

export function errorBody(error: unknown): { error: { code: string; message: string; fields?: unknown } } {
  if (error instanceof ValidationError) {
    return { error: { code: error.code, message: error.message, fields: error.issues } };
  }
  if (error instanceof DomainError) return { error: { code: error.code, message: error.message } };
  return { error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.' } };
}

/** Headers an error response carries: `Retry-After` for a 429. */
export function errorHeaders(error: unknown): Record<string, string> {
  return error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
}

export function jsonError(error: unknown): HttpResult {
  return { status: statusOf(error), json: errorBody(error), headers: errorHeaders(error) };
}
