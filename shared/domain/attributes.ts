/**
 * Checks a request's `attributes` against its service's field definitions. Values from HTML
 * forms arrive as strings, so numbers and booleans are coerced from their text forms.
 */
import * as z from 'zod';
import type { Service, ServiceField } from './catalog';
import { parseOrThrow, plainText } from './validation';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

function fieldSchema(field: ServiceField): z.ZodType {
  const keys = (field.options ?? []).map((o) => o.key);
  let schema: z.ZodType;
  switch (field.type) {
    case 'string':
    case 'text':
      schema = plainText({ multiline: field.type === 'text' })
        .trim()
        .min(1)
        .max(field.maxLength ?? (field.type === 'text' ? 2000 : 200));
      break;
    case 'number':
      schema = z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().finite());
      break;
    case 'boolean':
      schema = z.preprocess((v) => (v === 'true' || v === 'on' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());
      break;
    case 'datetime':
      schema = z.iso.datetime({ offset: true, local: true });
      break;
    case 'singlevaluelist':
      schema = z.string().refine((v) => keys.includes(v), `One of: ${keys.join(', ')}`);
      break;
    case 'multivaluelist':
      schema = z.preprocess(
        (v) => (typeof v === 'string' ? [v] : v),
        z.array(z.string().refine((v) => keys.includes(v), `One of: ${keys.join(', ')}`)).max(keys.length),
      );
      break;
  }
  return field.required ? z.preprocess(blankToUndefined, schema) : z.preprocess(blankToUndefined, schema.optional());
}

/** The attributes, typed and with unknown keys refused; throws ValidationError on any bad one. */
export function parseAttributes(service: Service, attributes: Record<string, unknown>): Record<string, unknown> {
  const shape = Object.fromEntries(service.fields.map((f) => [f.code, fieldSchema(f)]));
  const parsed = parseOrThrow(z.strictObject(shape), attributes, 'attributes');
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
}
