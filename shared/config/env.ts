/**
 * Reads a function's environment once, at cold start, through zod. A missing or malformed
 * variable stops the cold start with a message naming it: no silent default.
 */
import * as z from '#shared/domain/zod';

export function readEnv<S extends z.core.$ZodShape>(shape: S, source: NodeJS.ProcessEnv = process.env): z.infer<z.ZodMiniObject<S>> {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    const names = [...new Set(result.error.issues.map((i) => i.path.join('.')))];
    throw new Error(`Environment is missing or invalid: ${names.join(', ')}`);
  }
  return result.data;
}

export const envVars = {
  tableName: z.string().check(z.minLength(1)),
  queueUrl: z.url(),
  /** The public API's base URL, without a trailing slash. */
  publicUrl: z.url().check(z.regex(/[^/]$/, 'no trailing slash')),
};
