/**
 * Checks a request's `attributes` against its service's field definitions. Values from HTML
 * forms arrive as strings, so numbers and booleans are coerced from their text forms.
 */
import * as z from './zod';
import type { Service, ServiceField } from './catalog';
import { parseOrThrow, plainText } from './validation';

const blankToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);

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
      // `2025-03-01 09:00` as the hint shows it (where a browser offers a text box), or ISO's `T`.
      schema = z.pipe(
        z.transform((v: unknown) => (typeof v === 'string' ? v.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d{2}:\d{2})/, '$1T') : v)),
        z.iso.datetime({ offset: true, local: true }),
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
