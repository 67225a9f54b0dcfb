/**
 * Checks a request's `attributes` against its service's field definitions. Values from HTML
 * forms arrive as strings, so numbers and booleans are coerced from their text forms.
 */
import * as z from './zod';
import type { LocalizedText, Service, ServiceField } from './catalog';
import { parseOrThrow, plainText } from './validation';

const blankToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);

const wallTime = z.iso.datetime({ local: true });
const ZONE = /(?:Z|([+-])(\d{2}):?(\d{2}))$/i;
const BEIJING_OFFSET_MINUTES = 8 * 60;

/**
 * A datetime answer as the wall time in Beijing (`2026-12-08T09:00`): one without a zone is taken
 * as Beijing time already, as typed; one with a zone (`Z`, `+08:00`, `-0500`; seconds or not) is
 * the same instant moved to Beijing's clock, so teams read the hour the resident meant. Anything
 * else comes back as given, for the schema to refuse.
 */
export function beijingWallTime(value: string): string {
  const zone = ZONE.exec(value);
  if (!zone) return value;
  const wall = value.slice(0, zone.index);
  const [, sign, hh = '0', mm = '0'] = zone;
  if (!wallTime.safeParse(wall).success || Number(hh) > 14 || Number(mm) > 59) return value;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  const at = new Date(Date.parse(`${wall}Z`) + (BEIJING_OFFSET_MINUTES - offsetMinutes) * 60_000).toISOString();
  // Minutes alone, as the form's input sends them, unless seconds were given.
  return at.endsWith(':00.000Z') ? at.slice(0, 16) : at.endsWith('.000Z') ? at.slice(0, 19) : at.slice(0, 23);
}

function fieldSchema(field: ServiceField): z.ZodMiniType {
  const keys = (field.options ?? []).map((o) => o.key);
  let schema: z.ZodMiniType;
  switch (field.type) {
    case 'string':
    case 'text':
      schema = plainText({ multiline: field.type === 'text' }).check(
        z.trim(),
        z.minLength(1),
        z.maxLength(field.maxLength ?? (field.type === 'text' ? 2000 : 200)),
      );
      break;
    case 'number':
      // classic `.finite()` added nothing: z.number() already refuses Infinity and NaN.
      // Bounded so that DynamoDB stores it as given: no integer past 2^53, nothing that underflows.
      // The menu's numbers are ages, sizes and counts: none below zero. Full-width digits are read too.
      schema = z.pipe(
        z.transform((v: unknown) => (typeof v === 'string' ? Number(v.normalize('NFKC')) : v)),
        z.number().check(
          z.gte(0, 'Not below 0'),
          z.lte(1e12, 'At most 1,000,000,000,000'),
          z.refine((v) => Number(v.toFixed(6)) === v, 'At most 6 decimal places'),
        ),
      );
      break;
    case 'boolean':
      schema = z.pipe(
        z.transform((v: unknown) => (v === 'true' || v === 'on' || v === '1' ? true : v === 'false' || v === '0' ? false : v)),
        z.boolean(),
      );
      break;
    case 'datetime':
      // `2025-03-01 09:00` as the hint shows it (where a browser offers a text box), or ISO's `T`;
      // kept as Beijing time (`beijingWallTime`), which the form's datetime-local input sends.
      schema = z.pipe(
        z.transform((v: unknown) =>
          typeof v === 'string' ? beijingWallTime(v.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d{2}:\d{2})/, '$1T')) : v,
        ),
        z.iso.datetime({ local: true }),
      );
      break;
    case 'singlevaluelist':
      schema = z.string().check(z.refine((v) => keys.includes(v), `One of: ${keys.join(', ')}`));
      break;
    case 'multivaluelist':
      schema = z.pipe(
        z.transform((v: unknown) => (typeof v === 'string' ? [v] : v)),
        z.array(z.string().check(z.refine((v) => keys.includes(v), `One of: ${keys.join(', ')}`))).check(z.maxLength(keys.length)),
      );
      break;
  }
  return field.required ? z.pipe(z.transform(blankToUndefined), schema) : z.pipe(z.transform(blankToUndefined), z.optional(schema));
}

/** The attributes, typed and with unknown keys refused; throws ValidationError on any bad one. */
export function parseAttributes(service: Service, attributes: Record<string, unknown>): Record<string, unknown> {
  const shape = Object.fromEntries(service.fields.map((f) => [f.code, fieldSchema(f)]));
  const parsed = parseOrThrow(z.strictObject(shape), attributes, 'attributes');
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
}

/** One answer to a service's own field, as people read it: the field's label and the answer, in both languages. */
export interface AttributeAnswer {
  readonly code: string;
  readonly label: LocalizedText;
  readonly value: LocalizedText;
}

const YES: LocalizedText = { zh: '是', en: 'Yes' };
const NO: LocalizedText = { zh: '否', en: 'No' };

function asText(value: unknown): LocalizedText {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return { zh: text, en: text };
}

function answerText(field: ServiceField | undefined, value: unknown): LocalizedText {
  if (typeof value === 'boolean') return value ? YES : NO;
  // Beijing time, as the hint writes it; one stored with its zone before answers were kept so, too.
  if (field?.type === 'datetime' && typeof value === 'string') return asText(beijingWallTime(value).replace('T', ' '));
  const options = new Map((field?.options ?? []).map((o) => [o.key, o.name]));
  const one = (v: unknown) => (typeof v === 'string' ? options.get(v) : undefined) ?? asText(v);
  if (!Array.isArray(value)) return one(value);
  const parts = value.map(one);
  return { zh: parts.map((p) => p.zh).join('、'), en: parts.map((p) => p.en).join(', ') };
}

const answered = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/**
 * A request's `attributes` as the service's form asked them: each field's label and the answer
 * (an option by its name, a yes/no as 是/否, a list joined), in the order of the service's
 * fields; a field the service no longer has, or an option it no longer offers, as it was given.
 * Readers pass the form as the request was ordered (`service-forms.ts`), so that happens only for
 * a form changed before earlier forms were kept.
 */
export function attributeAnswers(fields: readonly ServiceField[], attributes: Readonly<Record<string, unknown>>): AttributeAnswer[] {
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const codes = [...fields.map((f) => f.code), ...Object.keys(attributes).filter((code) => !byCode.has(code))];
  return codes
    .filter((code) => Object.hasOwn(attributes, code) && answered(attributes[code]))
    .map((code) => {
      const field = byCode.get(code);
      return { code, label: field?.label ?? { zh: code, en: code }, value: answerText(field, attributes[code]) };
    });
}
