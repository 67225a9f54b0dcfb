/**
 * The service menu (菜单式服务), in the manner of Open311 service definitions: each service
 * declares the extra fields a resident fills in, which `attributes.ts` checks.
 */
import * as z from './zod';
import { plainText } from './validation';

export const localizedText = z.strictObject({
  zh: plainText().check(z.minLength(1), z.maxLength(200)),
  en: plainText().check(z.minLength(1), z.maxLength(200)),
});
export type LocalizedText = z.infer<typeof localizedText>;

/**
 * `assign`: offered to one team at a time (派单). `claim`: reviewed by the station and published on
 * the wish wall, where volunteers, teams and work units claim it (认领). `assign-then-claim`:
 * offered as `assign`; where it would go to the center after its offers, it goes to the wall.
 */
export const matchingModes = ['assign', 'claim', 'assign-then-claim'] as const;
export type MatchingMode = (typeof matchingModes)[number];

export const fieldTypes = ['string', 'text', 'number', 'boolean', 'datetime', 'singlevaluelist', 'multivaluelist'] as const;

export const serviceField = z.strictObject({
  code: z.string().check(z.regex(/^[a-z][a-zA-Z0-9]{0,39}$/)),
  label: localizedText,
  type: z.enum(fieldTypes),
  required: z.boolean(),
  /** For the list types: the allowed keys and their labels. */
  options: z.optional(z.array(z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(40)), name: localizedText }))),
  maxLength: z.optional(z.int().check(z.positive(), z.lte(2000))),
});
export type ServiceField = z.infer<typeof serviceField>;

export const category = z.strictObject({
  code: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/)),
  name: localizedText,
  order: z.int(),
});
export type Category = z.infer<typeof category>;

/** A service's code, as the menu defines it. */
export const serviceCodePattern = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * The longest time a service may give a team to accept an offer: a week. It bounds how long a
 * signed offer link can answer, and so how long a rotated-out signing key is kept (`key-ring.ts`).
 */
export const MAX_ACCEPT_MINUTES = 7 * 1440;

export const service = z.strictObject({
  code: z.string().check(z.regex(serviceCodePattern)),
  category: z.string(),
  name: localizedText,
  description: localizedText,
  /** `menu` services are ordered from the menu; `micro-wish` are small custom wishes (微心愿). */
  kind: z.enum(['menu', 'micro-wish']),
  /** Who it is for: everybody, or a targeted group. */
  audience: z.enum(['everyone', 'elderly', 'children', 'disabled']),
  fields: z.array(serviceField).check(z.maxLength(20)),
  /**
   * Hours from submission to completion the service aims for: clock hours, nights and weekends
   * included (the hotline rules' working days are not modelled). At most a year: deadlines count
   * from it, and they must stay dates.
   */
  slaHours: z.int().check(z.positive(), z.lte(366 * 24)),
  urgentAllowed: z.boolean(),
  /**
   * Dispatch timing for this service, in minutes; each part falls back to the defaults in
   * `dispatch-policy.ts` (acceptance: urgent 30, normal 240, micro-wish 1440). `mode`: how a
   * request finds its helpers (`matchingMode`; micro-wishes default to `claim`); `claimDays`: how
   * long a claimer has to fulfil a claimed wish (default 7); `completeDays`: how long a team that
   * accepted an order has to complete it, in days from the accept (default 3, the shortest of the
   * hotline rules' 3/5/10 working days; counted in clock days: `completion-deadline.ts`).
   */
  dispatch: z.optional(
    z.strictObject({
      mode: z.optional(z.enum(matchingModes)),
      claimDays: z.optional(z.int().check(z.gte(1), z.lte(60))),
      completeDays: z.optional(z.int().check(z.gte(1), z.lte(60))),
      acceptUrgentMinutes: z.optional(z.int().check(z.gte(5), z.lte(MAX_ACCEPT_MINUTES))),
      acceptNormalMinutes: z.optional(z.int().check(z.gte(5), z.lte(MAX_ACCEPT_MINUTES))),
      escalateAfterMinutes: z.optional(z.int().check(z.gte(15), z.lte(30 * 1440))),
    }),
  ),
  active: z.boolean(),
});
export type Service = z.infer<typeof service>;

export interface Menu {
  readonly categories: readonly Category[];
  readonly services: readonly Service[];
}

/** The service's matching mode: its own, else `claim` for micro-wishes and `assign` for the rest. */
export function matchingMode(service: (Pick<Service, 'kind'> & Partial<Pick<Service, 'dispatch'>>) | undefined): MatchingMode {
  return service?.dispatch?.mode ?? (service?.kind === 'micro-wish' ? 'claim' : 'assign');
}
