/**
 * A resident who lost their private link finds their request again with its 8-digit tracking
 * code and the last four digits of the phone it was ordered with. What they get is read-only:
 * acting on the request (cancel, rate, reopen) still needs the private link, since four phone
 * digits are a much weaker key than the access token.
 *
 * A wrong code and a wrong phone are the same NotFoundError, so the answer never tells whether
 * a code exists. Guessing is bounded per client address (`admitLookup`, in the handler).
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from '#shared/domain/zod';
import { lastFourDigits } from '#shared/domain/contact';
import { NotFoundError } from '#shared/domain/errors';
import { parseOrThrow } from '#shared/domain/validation';
import { residentView, type RequestView, type ViewRequestDeps } from './view-request';

/** Full-width digits (a Chinese keyboard) become ASCII; spaces and dashes go: `1234 5678` is fine. */
const digits = (count: number, message: string) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').replace(/[\s-]/g, '') : v)),
    z.string().check(z.regex(new RegExp(`^\\d{${count}}$`), message)),
  );

export const lookupInput = z.strictObject({
  code: digits(8, 'Enter the 8-digit tracking code'),
  phone4: digits(4, 'Enter the last 4 digits of the phone number'),
});

export async function lookupRequest(deps: ViewRequestDeps, input: unknown): Promise<RequestView> {
  const { code, phone4 } = parseOrThrow(lookupInput, input);
  const request = await deps.requests.findByTrackingCode(code);
  // Compared in constant time, and compared even when there is no such code.
  const expected = Buffer.from(request ? lastFourDigits(request.contact.phone) : 'none', 'utf8');
  const given = Buffer.from(phone4, 'utf8');
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  const found = request && matches ? await deps.requests.getWithTimeline(request.id) : undefined;
  if (!found) throw new NotFoundError('Request');
  // Read-only: every action needs the private link.
  return residentView(deps, found, { cancel: false, rate: false, reopen: false });
}
