/** zod results as ValidationErrors that name each bad field: the one way input is refused. */
import * as z from './zod';
import { ValidationError, type FieldIssue } from './errors';

/**
 * Parses `input` with `schema`, or throws a ValidationError naming every bad field. zod is asked
 * to keep each issue's input, so a value of the wrong type is told apart from a missing one (the
 * input never reaches the message: zod's messages name types, not values).
 */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(issuesOf(result.error, prefix));
  return result.data;
}

/** zod issues as field issues; an unknown key is named as the field it is. */
export function issuesOf(error: z.core.$ZodError, prefix = ''): FieldIssue[] {
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
export function parseJsonOrThrow<S extends z.ZodMiniType>(schema: S, text: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: '(body)', message: 'Not JSON' }]);
  }
  return parseOrThrow(schema, json);
}

/**
 * Characters free text never keeps: Unicode bidi embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069), the direction marks U+200E, U+200F and U+061C, and NUL and the
 * other C0 controls and DEL. Bidi controls make text display other than it reads (`gnp.exe`
 * shown as `exe.png`) on every page, console and chat message that shows it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const hiddenControls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const lineBreaks = /[\t\n\r]/g;

/**
 * Text with nothing to read: only white space and invisible format characters (\p{Cf}: zero-width
 * space and joiners U+200B-U+200D, word joiner U+2060, BOM, soft hyphen…). Inside other text they
 * stay (a joiner makes 👨‍👩‍👧 one emoji).
 */
function isBlank(text: string): boolean {
  return !/[^\p{Cf}\s]/u.test(text);
}

/**
 * Text as stored: hidden controls removed; a single-line field also turns tab, newline and CR
 * into spaces; a multi-line one keeps its breaks, each as one LF (a form sends CRLF, which a
 * textarea's `maxlength` counts as one character, so a length limit must count it as one too).
 * Blank text (`isBlank`) is stored as '', so every required field's `minLength` refuses it.
 */
export function cleanText(text: string, multiline = false): string {
  const kept = text.replace(hiddenControls, '');
  if (isBlank(kept)) return '';
  return multiline ? kept.replace(/\r\n?/g, '\n') : kept.replace(lineBreaks, ' ');
}

/**
 * A lone UTF-16 surrogate (`\ud800`, from a JSON escape): no character at all. Every page and SMS
 * would show it as U+FFFD, and a key holding it cannot be put in a URL.
 */
const loneSurrogate = /\p{Cs}/u;
export const NOT_WELL_FORMED = 'Contains a character that cannot be shown';

/** Whether `text` is well-formed UTF-16 (`String.isWellFormed`, which ES2023's types lack). */
export const isWellFormed = (text: string) => !loneSurrogate.test(text);

/**
 * Where a parsed JSON value holds a string that is not well formed (a key or a value): its path
 * (`hours.0.volunteer`, '' for the value itself), or undefined when every string is.
 */
export function illFormedPath(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string' && !isWellFormed(item)) return path;
    if (typeof item !== 'object' || item === null) continue;
    for (const [key, child] of Object.entries(item)) {
      const at = path ? `${path}.${key}` : key;
      if (!isWellFormed(key)) return at;
      pending.push([child, at]);
    }
  }
  return undefined;
}

/**
 * A free-text string field: every input schema's free text goes through it, so no field stores
 * a bidi control, NUL or a lone surrogate, and no required field takes blank text (`isBlank`). Add `.check(z.trim(), z.minLength(…), z.maxLength(…))` as on
 * `z.string()`; they see the cleaned text.
 */
export const plainText = (options: { multiline?: boolean } = {}) =>
  z.string().check(
    z.refine(isWellFormed, { message: NOT_WELL_FORMED, abort: true }),
    z.overwrite((text) => cleanText(text, options.multiline ?? false)),
  );

/** An optional free-text field where HTML forms send an empty string for "not given". */
export const optionalPlainText = (max: number, options: { multiline?: boolean } = {}) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && cleanText(v, options.multiline ?? false).trim() === '' ? undefined : v)),
    z.optional(plainText(options).check(z.trim(), z.maxLength(max))),
  );

/**
 * A calendar day, `YYYY-MM-DD`, that exists (`2026-02-30` does not), from 2000 to 2099: every
 * record here is from this century, and periods are walked day by day and month by month (a
 * year 0999 or 9999 would walk for ever, or off the calendar).
 */
export const calendarDay = () =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date, YYYY-MM-DD'),
    z.refine((text) => !/^\d{4}-/.test(text) || (text >= '2000' && text < '2100'), 'A date from 2000 to 2099'),
    z.refine((text) => {
      // Not the pattern: the check above says so (zod runs every check, and this one would throw).
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return true;
      const [y, m, d] = text.split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
    }, 'Not a date'),
  );
