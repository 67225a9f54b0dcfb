/**
 * What a resident (or staff on their behalf) submits: one zod schema for JSON and HTML form
 * posts alike. Service-specific attributes are checked afterwards against the service
 * definition (`attributes.ts`), since they depend on data.
 */
import * as z from '#shared/domain/zod';
import { areaId } from './area';
import { toE164 } from './contact';
import { optionalPlainText, parseOrThrow, plainText } from './validation';

export const submissionSchema = z.strictObject({
  serviceCode: z.string().check(z.trim(), z.minLength(1, 'Choose a service'), z.maxLength(40)),
  areaId: z.pipe(z.string().check(z.trim()), areaId),
  description: plainText({ multiline: true }).check(
    z.trim(),
    z.minLength(1, 'Describe what you need'),
    z.maxLength(2000, 'At most 2,000 characters'),
  ),
  contactName: plainText().check(z.trim(), z.minLength(1, 'Give a contact name'), z.maxLength(40, 'At most 40 characters')),
  phone: z.pipe(z.string().check(z.trim()), toE164('Not a mainland mobile number or an E.164 number')),
  address: plainText().check(z.trim(), z.minLength(1, 'Give the address where help is needed'), z.maxLength(200, 'At most 200 characters')),
  urgency: z.pipe(
    z.transform((v: unknown) => (v === '' || v === undefined ? 'normal' : v)),
    z.enum(['normal', 'urgent']),
  ),
  preferredTime: optionalPlainText(100),
  attributes: z._default(z.record(z.string(), z.unknown()), {}),
});

export type Submission = z.output<typeof submissionSchema>;

/** Parses a submission or throws a ValidationError naming every bad field. */
export function parseSubmission(input: unknown): Submission {
  return parseOrThrow(submissionSchema, input);
}
