/** The error a promise rejects with; fails the test when it resolves or rejects with a non-Error. */
import { expect } from 'vitest';
import { ValidationError } from '#shared/domain/errors';

export async function rejection(promise: Promise<unknown>, mustNotMention: readonly string[] = []): Promise<Error> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as Error;
  expect(error).toBeInstanceOf(Error);
  for (const secret of mustNotMention) expect(error.message).not.toContain(secret);
  return error;
}

/** The ValidationError a promise is refused with; fails the test when it is not refused so. */
export async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}
