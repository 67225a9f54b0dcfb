/**
 * Logs never show a URL's query: on this API it carries a resident's access token or an offer
 * link's signature (and a webhook's may carry a robot key). Errors are logged through
 * `withoutQueries`, which keeps their name, code, fields and code location but cuts every
 * `?query` out of their text.
 */

/** `?` and everything up to the next whitespace or quote: a URL's query and fragment. */
const query = /\?[^\s"'<>`]+/g;

export const stripQueries = (text: string): string => text.replace(query, '?…');

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return stripQueries(value);
  if (value instanceof Error) return depth > 0 ? withoutQueries(value, depth - 1) : stripQueries(String(value));
  if (Array.isArray(value)) return depth > 0 ? value.map((v) => clean(v, depth - 1)) : '[…]';
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return depth > 0 ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, depth - 1)])) : '{…}';
  }
  return value;
}

/** A copy of `error` for the log: the same name, own fields and cause, with no URL query in any of their text. */
export function withoutQueries(error: unknown, depth = 3): Error {
  if (!(error instanceof Error)) return new Error(stripQueries(String(error)));
  const copy = new Error(stripQueries(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : stripQueries(error.stack);
  for (const [key, value] of Object.entries(error)) (copy as unknown as Record<string, unknown>)[key] = clean(value, depth);
  if (error.cause !== undefined) copy.cause = clean(error.cause, depth);
  return copy;
}
