/**
 * Volunteer credit (积分): service minutes become hours by the common national rule, capped per
 * activity, and hours become points by the community's rule (default: 4 hours = 1 point, as in
 * 堰北社区, DOMAIN.md). Points are spent at the credit supermarket (信用超市); hours are kept.
 */
import { randomInt } from 'node:crypto';
import * as z from '#shared/domain/zod';
import { ConflictError, ValidationError, type FieldIssue } from './errors';
import { issuesOf } from './validation';
import { isSettled, visitsOf, type ServiceRequest, type Visit } from './service-request';
import { personKey } from './volunteer';

export interface CreditRules {
  readonly hoursPerPoint: number;
  /** Hours credited at most for one volunteer in one activity (one request). */
  readonly maxHoursPerActivity: number;
}

export const defaultCreditRules: CreditRules = { hoursPerPoint: 4, maxHoursPerActivity: 8 };

/**
 * Each rule's bounds. Hours are credited in half hours (the rounding's unit), so the cap is in
 * half hours; points per hour in quarter hours covers the rules cities use (4 h, 1 h, half an
 * hour for a point, DOMAIN.md).
 */
const ruleFields = {
  hoursPerPoint: z
    .number('A number of hours')
    .check(
      z.gte(0.25, 'At least 0.25 (a point per quarter hour)'),
      z.lte(100, 'At most 100'),
      z.multipleOf(0.25, 'In steps of 0.25 hours'),
    ),
  maxHoursPerActivity: z
    .number('A number of hours')
    .check(
      z.gte(0.5, 'At least 0.5 (hours are credited in half hours)'),
      z.lte(24, 'At most 24'),
      z.multipleOf(0.5, 'In steps of 0.5 hours'),
    ),
};

/** A whole set of rules, each within its bounds. */
export const creditRulesSchema = z.strictObject(ruleFields);

/** What a deployment stores: any of the rules; the others keep their defaults. */
export const creditRuleOverridesSchema = z.partial(creditRulesSchema);
export type CreditRuleOverrides = { -readonly [K in keyof CreditRules]?: CreditRules[K] };

/**
 * The hours per point a change may set: those (0.25 to 100, in quarter hours) for which half an
 * hour, the rounding's unit, is an exact number of points in the ledger's 4 decimals (`pointsFor`),
 * so points add up exactly: at 3 h a point, three 1-hour services would leave 0.9999 where 1 was
 * earned. Half an hour at h hours a point is 2/(4h) points: exact iff 4h divides 20,000.
 */
export const exactHoursPerPoint: readonly number[] = Array.from({ length: 400 }, (_, i) => i + 1)
  .filter((quarters) => 20_000 % quarters === 0)
  .map((quarters) => quarters / 4);

/** A change to the stored rules: a value sets a rule, `null` returns it to its default, absent keeps it. */
export const creditRulesChangeSchema = z
  .strictObject({
    // New values only (a stored 3 still reads).
    hoursPerPoint: z.optional(
      z.nullable(
        ruleFields.hoursPerPoint.check(
          z.refine((h) => exactHoursPerPoint.includes(h), {
            message: `One of ${exactHoursPerPoint.join(', ')}: only for these is half an hour an exact number of points in the ledger's 4 decimals (not for 0.75, 1.5, 3 or 6, which make thirds)`,
            when: (payload) => payload.issues.length === 0,
          }),
        ),
      ),
    ),
    maxHoursPerActivity: z.optional(z.nullable(ruleFields.maxHoursPerActivity)),
  })
  .check(
    z.refine((change) => Object.keys(change).length > 0, {
      message: 'Give hoursPerPoint or maxHoursPerActivity (null returns a rule to its default)',
      // Only when the fields themselves are fine: an unknown field is reported as itself.
      when: (payload) => payload.issues.length === 0,
    }),
  );
export type CreditRulesChange = z.output<typeof creditRulesChangeSchema>;

/** A change as sent; throws a ValidationError naming every bad field. */
export function parseCreditRulesChange(body: unknown): CreditRulesChange {
  // `reportInput`, so a value of the wrong type is named as such and not as missing.
  const parsed = creditRulesChangeSchema.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw new ValidationError(issuesOf(parsed.error));
  return parsed.data;
}

/**
 * Stored rules that do not validate (an item written by hand, around the admin API, which
 * refuses such values): nothing is credited with them, and nothing with guessed ones either. A
 * request that needs them (statistics of a day not folded yet) is a 409 saying so, not a 500.
 */
export class InvalidCreditRulesError extends ConflictError {
  override readonly code = 'CREDIT_RULES_INVALID';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(
      `The stored credit rules are not valid: ${issues.map((i) => `${i.field} (${i.message})`).join(', ')}; ` +
        'GET /admin/credit-rules shows them, and a PUT there repairs them',
    );
  }
}

/** Checks stored rule values (as found, any shape); the overrides they make, or the issues. */
export function checkStoredCreditRules(
  values: Readonly<Record<string, unknown>>,
): { overrides: CreditRuleOverrides } | { issues: FieldIssue[] } {
  const parsed = creditRuleOverridesSchema.safeParse(values, { reportInput: true });
  if (!parsed.success) return { issues: issuesOf(parsed.error) };
  const overrides: CreditRuleOverrides = {};
  if (parsed.data.hoursPerPoint !== undefined) overrides.hoursPerPoint = parsed.data.hoursPerPoint;
  if (parsed.data.maxHoursPerActivity !== undefined) overrides.maxHoursPerActivity = parsed.data.maxHoursPerActivity;
  return { overrides };
}

/** The rules in force: the defaults, each replaced by its stored value if there is one. Throws InvalidCreditRulesError. */
export function creditRulesInForce(values: Readonly<Record<string, unknown>>): CreditRules {
  const checked = checkStoredCreditRules(values);
  if ('issues' in checked) throw new InvalidCreditRulesError(checked.issues);
  return { ...defaultCreditRules, ...checked.overrides };
}

/** Stored rules on the walk up from an area: an area's own (`areaId`), or without one the deployment's. */
export interface CreditRulesLayer {
  readonly areaId?: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Where each rule in force comes from: the id of the area whose own rules set it, `deployment` or `default`. */
export type CreditRuleSources = { readonly [K in keyof CreditRules]: string };

/**
 * The rules in force under `layers`, nearest first (an area's own, its ancestors', the
 * deployment's): each rule from the nearest that sets it, else its default, with where it came
 * from. A layer that does not validate gives issues (naming whose it is) and no rules: nothing is
 * credited by rules guessed around a broken item.
 */
export function inheritCreditRules(
  layers: readonly CreditRulesLayer[],
): { rules: CreditRules; from: CreditRuleSources } | { issues: FieldIssue[] } {
  const set: CreditRuleOverrides = {};
  const from: Record<string, string> = {};
  const issues: FieldIssue[] = [];
  for (const layer of layers) {
    const checked = checkStoredCreditRules(layer.values);
    const whose = layer.areaId === undefined ? "the deployment's rules" : `the rules of area ${layer.areaId}`;
    if ('issues' in checked) issues.push(...checked.issues.map((i) => ({ field: i.field, message: `${i.message}, in ${whose}` })));
    else {
      for (const [rule, value] of Object.entries(checked.overrides) as [keyof CreditRules, number][]) {
        if (set[rule] !== undefined) continue;
        set[rule] = value;
        from[rule] = layer.areaId ?? 'deployment';
      }
    }
  }
  if (issues.length > 0) return { issues };
  const rules = creditRulesInForce(set);
  return { rules, from: Object.fromEntries(Object.keys(rules).map((rule) => [rule, from[rule] ?? 'default'])) as CreditRuleSources };
}

/** The rules in force under `layers` (`inheritCreditRules`). Throws InvalidCreditRulesError. */
export function inheritedCreditRules(layers: readonly CreditRulesLayer[]): CreditRules {
  const inherited = inheritCreditRules(layers);
  if ('issues' in inherited) throw new InvalidCreditRulesError(inherited.issues);
  return inherited.rules;
}

/** Stored values with a change applied: set what it sets, drop what it returns to the default. */
export function applyCreditRulesChange(values: Readonly<Record<string, unknown>>, change: CreditRulesChange): Record<string, unknown> {
  const next: Record<string, unknown> = { ...values };
  for (const [field, value] of Object.entries(change)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next;
}

/**
 * Rounds one record: whole hours count in full; of the rest, up to 15 min counts 0, over 15 up
 * to 45 min half an hour, over 45 min a whole hour.
 */
export function roundServiceHours(minutes: number): number {
  const whole = Math.floor(minutes / 60);
  const rest = minutes - whole * 60;
  return whole + (rest <= 15 ? 0 : rest <= 45 ? 0.5 : 1);
}

export interface CreditEntry {
  /** `person#<id>` for a registered volunteer (`personKey`); `<teamId>:<name>` for a guest known by their team. */
  readonly volunteerKey: string;
  readonly requestId: string;
  /** The team that did the work; absent for a wish a volunteer claimed from the wall themselves. */
  readonly teamId?: string;
  readonly minutes: number;
  readonly hours: number;
  readonly points: number;
  readonly at: string;
  /** How many staff corrections (the ledger's adjustments) these figures hold; absent as posted. */
  readonly adjustments?: number;
}

export function volunteerKey(teamId: string, volunteer: string): string {
  return `${teamId}:${volunteer}`;
}

/** The ledger a completion record credits: the person's for a registered member, else the team's guest by name. */
export function ledgerKeyOf(teamId: string, record: { readonly volunteer: string; readonly volunteerId?: string }): string {
  return record.volunteerId ? personKey(record.volunteerId) : volunteerKey(teamId, record.volunteer);
}

/**
 * The points credited hours earn, to 4 decimals: exact for the rules in use (4, 2, 1, 0.5 or 0.25
 * hours a point give multiples of 0.125), so short services add up to whole points (8 × 30 min
 * at 4 h a point: 1 point, not 8 × 0.13).
 */
export function pointsFor(hours: number, rules: Pick<CreditRules, 'hoursPerPoint'>): number {
  return Math.round((hours / rules.hoursPerPoint) * 10_000) / 10_000;
}

/**
 * Each ledger one visit credits, in order of first appearance, with the volunteer's minutes and
 * hours (each record rounded, then summed; not capped). A guest's ledger is by the visit's team;
 * a visit without a team (a volunteer's own claim of a wish) credits registered people only.
 */
export function servedIn(visit: Visit): Map<string, { minutes: number; hours: number }> {
  const served = new Map<string, { minutes: number; hours: number }>();
  for (const record of visit.hours) {
    if (!visit.team && !record.volunteerId) continue;
    const key = ledgerKeyOf(visit.team?.id ?? '', record);
    const sum = served.get(key) ?? { minutes: 0, hours: 0 };
    served.set(key, { minutes: sum.minutes + record.minutes, hours: sum.hours + roundServiceHours(record.minutes) });
  }
  return served;
}

export interface LedgerService {
  readonly minutes: number;
  /** The hours of each visit the volunteer served in, oldest first, before the cap. */
  readonly hoursPerVisit: readonly number[];
  /** The last visit the volunteer served in: its day and team are the service's on records. */
  readonly lastVisit: Visit;
}

/** Each ledger the request's visits credit (every completion, a reopened request's earlier ones too). */
export function servedByLedger(request: Parameters<typeof visitsOf>[0]): Map<string, LedgerService> {
  const byLedger = new Map<string, LedgerService>();
  for (const visit of visitsOf(request))
    for (const [key, { minutes, hours }] of servedIn(visit)) {
      const sum = byLedger.get(key);
      byLedger.set(key, {
        minutes: (sum?.minutes ?? 0) + minutes,
        hoursPerVisit: [...(sum?.hoursPerVisit ?? []), hours],
        lastVisit: visit,
      });
    }
  return byLedger;
}

/** Every ledger the request ever credited: its visits' (a reopened request's earlier ones too) and those a correction took off its record since. */
export function creditedLedgers(request: ServiceRequest): Set<string> {
  return new Set([...servedByLedger(request).keys(), ...(request.correctedOff ?? [])]);
}

/**
 * The credit entries a closed request earns, one per ledger: each visit is an activity, capped on
 * its own, and a volunteer's visits are summed.
 */
export function creditsFor(request: ServiceRequest, rules: CreditRules, at: string): CreditEntry[] {
  // Never a NaN or an infinite number of points on the ledger, whatever the caller passed.
  const checked = z.object(ruleFields).safeParse(rules);
  if (!checked.success) throw new InvalidCreditRulesError(issuesOf(checked.error));
  if (!isSettled(request)) return [];
  return [...servedByLedger(request)].map(([key, { minutes, hoursPerVisit, lastVisit }]) => {
    const credited = hoursPerVisit.reduce((sum, hours) => sum + Math.min(hours, rules.maxHoursPerActivity), 0);
    return {
      volunteerKey: key,
      requestId: request.id,
      ...(lastVisit.team ? { teamId: lastVisit.team.id } : {}),
      minutes,
      hours: credited,
      points: pointsFor(credited, rules),
      at,
    };
  });
}

export interface CreditBalance {
  readonly volunteerKey: string;
  readonly hours: number;
  readonly pointsEarned: number;
  readonly pointsSpent: number;
  readonly balance: number;
}

/** Pickup codes: eight characters without 0/O/1/I, read out at the supermarket counter. */
const pickupAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const pickupCodePattern = /^[2-9A-HJ-NP-Z]{8}$/;

/** A random pickup code (40 bits); unique by a conditional write, the caller draws again on a collision. */
export function newPickupCode(): string {
  return Array.from({ length: 8 }, () => pickupAlphabet[randomInt(pickupAlphabet.length)]).join('');
}

/** A pickup code as typed at the counter: spaces and hyphens dropped, lower case raised. */
export const pickupCodeSchema = z.pipe(
  z.pipe(
    z.string('A pickup code'),
    z.transform((code: string) => code.replace(/[\s-]/g, '').toUpperCase()),
  ),
  z.string().check(z.regex(pickupCodePattern, 'Eight characters: digits 2-9 and letters without I and O')),
);
