/**
 * What a resident (or staff on their behalf) submits: one zod schema for JSON and HTML form
 * posts alike. Service-specific attributes are checked afterwards against the service
 * definition (`attributes.ts`), since they depend on data.
 */
import * as z from 'zod';
import { areaId } from './area';
import { normalizePhone } from './contact';
import { optionalPlainText, parseOrThrow, plainText } from './validation';

export const submissionSchema = z.strictObject({
  serviceCode: z.string().trim().min(1, 'Choose a service').max(40),
  areaId: z.string().trim().pipe(areaId),
  description: plainText({ multiline: true }).trim().min(1, 'Describe what you need').max(2000, 'At most 2,000 characters'),
  contactName: plainText().trim().min(1, 'Give a contact name').max(40, 'At most 40 characters'),
  phone: z
    .string()
    .trim()
    .transform((raw, ctx) => {
      const phone = normalizePhone(raw);
      if (!phone) {
        ctx.addIssue({ code: 'custom', message: 'Not a mainland mobile number or an E.164 number' });
        return z.NEVER;
      }
      return phone;
    }),
  address: plainText().trim().min(1, 'Give the address where help is needed').max(200, 'At most 200 characters'),
  urgency: z.preprocess((v) => (v === '' || v === undefined ? 'normal' : v), z.enum(['normal', 'urgent'])),
  preferredTime: optionalPlainText(100),
  attributes: z.record(z.string(), z.unknown()).default({}),
});

export type Submission = z.output<typeof submissionSchema>;

/** Parses a submission or throws a ValidationError naming every bad field. */
export function parseSubmission(input: unknown): Submission {
  return parseOrThrow(submissionSchema, input);
}
