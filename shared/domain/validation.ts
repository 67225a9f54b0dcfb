/** zod results as ValidationErrors that name each bad field: the one way input is refused. */
import type * as z from 'zod';
import { ValidationError, type FieldIssue } from './errors';

/**
 * Parses `input` with `schema`, or throws a ValidationError naming every bad field. zod is asked
 * to keep each issue's input, so a value of the wrong type is told apart from a missing one (the
 * input never reaches the message: zod's messages name types, not values).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(issuesOf(result.error, prefix));
  return result.data;
}

/** zod issues as field issues; an unknown key is named as the field it is. */
export function issuesOf(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [path, key].filter(Boolean).join('.'), message: 'Unknown field' }));
    }
    // Without `reportInput` zod leaves `input` out, and every wrong type would read as missing.
    if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) {
      return [{ field: path || '(body)', message: 'Required' }];
    }
    return [{ field: path || '(body)', message: issue.message }];
  });
}

/** Parses a JSON text (a queue message body) with `schema`; text that is not JSON is refused too. */
export function parseJsonOrThrow<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: '(body)', message: 'Not JSON' }]);
  }
  return parseOrThrow(schema, json);
}
