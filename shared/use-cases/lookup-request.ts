/**
 * A resident who lost their private link finds their request again with its 8-digit tracking
 * code and the last four digits of the phone it was ordered with. What they get is read-only:
 * acting on the request (cancel, rate, reopen) still needs the private link, since four phone
 * digits are a much weaker key than the access token.
 *
 * A wrong code and a wrong phone are the same NotFoundError, so the answer never tells whether
 * a code exists. Guessing is bounded per client address (`admitLookup`, in the handler) and per
 * tracking code, whatever the addresses: someone who knows a code cannot try the 10,000 last
 * four digits from many addresses.
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from '#shared/domain/zod';
import { lastFourDigits } from '#shared/domain/contact';
import { beijingDay, untilBeijingMidnight } from '#shared/domain/beijing-day';
import { NotFoundError } from '#shared/domain/errors';
import { maskContactIn } from '#shared/domain/personal-fields';
import { parseOrThrow } from '#shared/domain/validation';
import type { RateLimiter } from '#shared/ports/rate-limiter';
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

/**
 * Wrong lookups of one tracking code in a day (of Beijing time, `beijingDay`), from every address
 * together: then 429 for that code (the right digits too) until the day's end. Ten guesses of
 * 10,000 a day; a code nobody issued counts alike, so a refusal never tells that a code exists.
 */
export const WRONG_LOOKUPS_PER_CODE = { limit: 10, windowSeconds: 24 * 60 * 60 } as const;

export async function lookupRequest(deps: ViewRequestDeps & { readonly limiter: RateLimiter }, input: unknown): Promise<RequestView> {
  const { code, phone4 } = parseOrThrow(lookupInput, input);
  const now = deps.clock.now();
  const wrongKey = `lookup-wrong:${code}`;
  const { limit, windowSeconds } = WRONG_LOOKUPS_PER_CODE;
  // Counted as wrong before comparing, in one conditional write: however many guesses arrive at
  // once, at most `limit` are compared. A right one gives its count back.
  const day = beijingDay(now);
  if (!(await deps.limiter.take(wrongKey, limit, windowSeconds, day))) throw untilBeijingMidnight(now);
  const request = await deps.requests.findByTrackingCode(code);
  // Compared in constant time, and compared even when there is no such code.
  const expected = Buffer.from(request ? lastFourDigits(request.contact.phone) : 'none', 'utf8');
  const given = Buffer.from(phone4, 'utf8');
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  const found = request && matches ? await deps.requests.getWithTimeline(request.id) : undefined;
  if (!found) throw new NotFoundError('Request');
  await deps.limiter.giveBack(wrongKey, windowSeconds, day);
  // Read-only: every action needs the private link. The free text as a team sees it before
  // accepting: four phone digits are a weak key, and a description, a preferred time or a
  // staff's reason (the timeline's, and the cancellation's the page leads with) may hold numbers and a door.
  // The resident's own door too, however the text writes it (家住幸福里3-2-502): the page shows no address;
  // and their name as the page's contact line shows it (蔺雪梅家的收音机 → 蔺**家的收音机).
  const view = await residentView(deps, found, { cancel: false, rate: false, reopen: false });
  const { address, name } = found.request.contact;
  const masked = (text: string) => maskContactIn(text, address, name);
  return {
    ...view,
    description: masked(view.description),
    ...(view.preferredTime ? { preferredTime: masked(view.preferredTime) } : {}),
    timeline: view.timeline.map((e) => ({ ...e, message: { zh: masked(e.message.zh), en: masked(e.message.en) } })),
    ...(view.rating?.comment ? { rating: { ...view.rating, comment: masked(view.rating.comment) } } : {}),
    ...(view.cancelledByStaff ? { cancelledByStaff: { reason: masked(view.cancelledByStaff.reason) } } : {}),
  };
}
