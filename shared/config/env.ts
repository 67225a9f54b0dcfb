/**
 * Reads a function's environment once, at cold start, through zod. A missing or malformed
 * variable stops the cold start with a message naming it: no silent default.
 */
import * as z from 'zod';

export function readEnv<S extends z.ZodRawShape>(shape: S, source: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    const names = [...new Set(result.error.issues.map((i) => i.path.join('.')))];
    throw new Error(`Environment is missing or invalid: ${names.join(', ')}`);
  }
  return result.data;
}

export const envVars = {
  tableName: z.string().min(1),
  queueUrl: z.url(),
  /** The public API's base URL, without a trailing slash. */
  publicUrl: z.url().regex(/[^/]$/, 'no trailing slash'),
};
