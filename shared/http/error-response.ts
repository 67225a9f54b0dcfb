/**
 * The one place where errors become HTTP responses. Domain errors map by class; an AWS service's
 * "not now, nothing done" (throttling or contention past the SDK's retries) is a 503 with
 * `Retry-After`; anything else is a 500 whose body says nothing about the internals.
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
import { isServiceBusy } from '#shared/adapters/busy-errors';
import type { HttpResult } from './response';

/** How soon a caller refused for a busy moment (`isServiceBusy`) may try again, in seconds. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

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
  if (error instanceof SignInUnavailableError || error instanceof SmsUnavailableError || isServiceBusy(error)) return 503;
  return 500;
}

export function errorBody(error: unknown): { error: { code: string; message: string; fields?: unknown } } {
  if (error instanceof ValidationError) {
    return { error: { code: error.code, message: error.message, fields: error.issues } };
  }
  if (error instanceof DomainError) return { error: { code: error.code, message: error.message } };
  if (isServiceBusy(error)) return { error: { code: 'BUSY', message: 'We are busy right now. Please try again in a few seconds.' } };
  return { error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.' } };
}

/** Headers an error response carries: `Retry-After` for a 429 and for a busy moment's 503. */
export function errorHeaders(error: unknown): Record<string, string> {
  if (error instanceof RateLimitedError) return { 'retry-after': String(error.retryAfterSeconds) };
  return isServiceBusy(error) ? { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } : {};
}

export function jsonError(error: unknown): HttpResult {
  return { status: statusOf(error), json: errorBody(error), headers: errorHeaders(error) };
}
