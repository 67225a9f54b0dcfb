/**
 * Typed domain errors. Use cases throw them; `shared/http/error-response.ts` maps each class
 * to an HTTP status in one place. Messages are safe to show to the caller: they never carry
 * a resident's personal data.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `phone` or `attributes.model`. */
  readonly field: string;
  readonly message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(`Invalid input: ${issues.map((i) => i.field).join(', ')}`);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** The caller is known but may not do this (a station's staff, an action for the center only). */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** It was there and is no longer: an invitation withdrawn, declined or past its expiry. */
export class GoneError extends DomainError {
  readonly code = 'GONE';
}

/** No valid credentials for a team or admin endpoint. */
export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';
  constructor(message = 'A valid team token is required: Authorization: Bearer <teamId>.<secret>') {
    super(message);
  }
}

/**
 * The staff sign-in's issuer could not be reached (its discovery document or keys): the token may
 * be fine, so this is no 401 that would sign the caller out, but a 503 to try again.
 */
export class SignInUnavailableError extends DomainError {
  readonly code = 'SIGN_IN_UNAVAILABLE';
  constructor(readonly reason: string) {
    super('The staff sign-in service cannot be reached just now; try again in a minute');
  }
}

/**
 * A code's SMS refused by the provider for a cause that is not the number (a template or
 * signature revoked, a refusal we do not know): nobody's SMS goes until an operator acts, so a 503
 * to try again later, never a 400 blaming the caller's number. `refusal` and `cause` are for the log.
 */
export class SmsUnavailableError extends DomainError {
  readonly code = 'SMS_UNAVAILABLE';
  constructor(
    readonly refusal: 'configuration' | 'other',
    readonly refusalCause: string,
  ) {
    super('Our text messages cannot be sent just now; try again later or ask your community');
  }
}

/** Too many attempts from one phone or address in a window; try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`);
  }

  /** Refused until the end of the fixed window of `windowSeconds` that holds `now` (aligned to the epoch, as RateLimiter counts). */
  static untilWindowEnds(windowSeconds: number, now: Date): RateLimitedError {
    const seconds = Math.floor(now.getTime() / 1000);
    return new RateLimitedError(Math.max(1, (Math.floor(seconds / windowSeconds) + 1) * windowSeconds - seconds));
  }
}

/**
 * A code for a phone refused for the phone's spacing or limits while a code sent to it a short
 * while ago is still live: the asker is shown the code step (enter the newest code received), not
 * the phone form, so codes that others asked for the owner's phone still sign the owner in.
 */
export class CodeStillLiveError extends RateLimitedError {}

/** Registration codes refused because the deployment's day of them is spent (for every phone alike). */
export class RegistrationCodesSpentError extends RateLimitedError {}

/**
 * Something the caller may see but not change this way: a place outside the staff member's area
 * named as where to move a person they manage. Names the field; says nothing of anyone's data.
 */
export class OutsideAreaError extends DomainError {
  readonly code = 'OUTSIDE_YOUR_AREA';
  constructor(readonly field: string) {
    super(`Outside your area (field ${field}): ask an admin whose area covers both`);
  }
}

export class ConflictError extends DomainError {
  readonly code: string = 'CONFLICT';
}

/**
 * A state change the request's state machine does not allow, or that lost a race (`raced`: the
 * request changed meanwhile and the change would still be allowed from where it is now).
 */
export class IllegalTransitionError extends ConflictError {
  override readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly raced = false,
  ) {
    super(
      raced
        ? `The request changed in the meantime (it is now ${from}); reload and try again`
        : `A request in state ${from} cannot move to ${to}`,
    );
  }
}

/**
 * A guest's name ledger a merge has begun to move into one person's, merged into another: a name's
 * hours go to one person only. Names that person by volunteer id alone (no name or phone).
 */
export class MergedElsewhereError extends ConflictError {
  override readonly code = 'MERGED_ELSEWHERE';
  constructor(readonly intoVolunteerId: string | undefined) {
    super(
      `This name's hours went to another volunteer${intoVolunteerId ? ` (${intoVolunteerId})` : ''}: a name's hours merge into one person only`,
    );
  }
}

/**
 * A volunteer changing their own phone to a number another volunteer has: refused once the code
 * proved they hold it (the station merges the two records). Names nobody.
 */
export class PhoneTakenError extends ConflictError {
  override readonly code = 'PHONE_TAKEN';
  constructor() {
    super('Another volunteer has this phone: ask the station to merge the two records');
  }
}

/** The same Idempotency-Key was used before with a different body. */
export class IdempotencyMismatchError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}

/**
 * A state-changing request a browser sent from another site's page (`Sec-Fetch-Site`, else
 * `Origin`): refused whatever it carries, so no other site can act with a visitor's cookie.
 */
export class CrossSiteRequestError extends DomainError {
  readonly code = 'CROSS_SITE_REQUEST';
  constructor(readonly header: 'Sec-Fetch-Site' | 'Origin') {
    super(`Refused: this request was sent from another site's page (${header}); send it from this site's own pages`);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor(contentType: string) {
    super(`Content-Type ${contentType || '(none)'} is not accepted; send application/json or application/x-www-form-urlencoded`);
  }
}
