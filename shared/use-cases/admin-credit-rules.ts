/**
 * Credit rules (积分规则) for center admins: how many hours make a point and how many hours one
 * activity credits at most. The deployment's, and any area's own (`?area=<code>`: a city, county,
 * street or community may differ, as 堰北社区's 4 hours a point does); a request is credited by
 * each rule from the nearest of its community and their ancestors that sets it, else from the
 * deployment's, else by its default (`inheritCreditRules`). Stored as overrides; a change sets
 * some rules and keeps the others, and applies to every credit posted after it (credits already
 * on the ledger stay as they were). The deployment's rules are its own admin's; an area's, its
 * center admins'. Station staff do not see or set them (404).
 */
import {
  applyCreditRulesChange,
  checkStoredCreditRules,
  defaultCreditRules,
  inheritCreditRules,
  parseCreditRulesChange,
  type CreditRuleOverrides,
  type CreditRuleSources,
  type CreditRules,
} from '#shared/domain/credit';
import { ConflictError, ValidationError, type FieldIssue } from '#shared/domain/errors';
import * as z from '#shared/domain/zod';
import { areaId } from '#shared/domain/area';
import { assertDeploymentAdmin, assertInScope, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { Clock } from '#shared/ports/clock';
import type { CreditRuleStore } from '#shared/ports/credit-ledger';

export interface CreditRulesDeps {
  readonly credits: CreditRuleStore;
  readonly clock: Clock;
}

export interface CreditRulesView {
  /** The area whose rules these are; absent for the deployment's. */
  readonly area?: string;
  /**
   * The rules in force here, the ones credits are posted by; null while a stored item they come
   * through does not validate (then nothing is credited here).
   */
  readonly rules: CreditRules | null;
  /** Where each rule in force comes from: the area whose own rules set it, `deployment` or `default`. */
  readonly from?: CreditRuleSources;
  /** What is stored here (the area's own, or the deployment's): the rules it sets; `{}` when it sets none. */
  readonly overrides: CreditRuleOverrides | Readonly<Record<string, unknown>>;
  readonly defaults: CreditRules;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
  /**
   * Stored values that do not validate (written by hand around this API): this level's own, else
   * those of an item above it, each message naming whose. Fix them with a PUT there.
   */
  readonly invalid?: readonly FieldIssue[];
}

/** Tries of a change that lost a race with another one. */
const SAVE_ATTEMPTS = 3;

const areaQuery = z.strictObject({ area: z.optional(areaId) });

/** The area a call is about (undefined: the deployment's rules), checked against who asks. */
function scopeOf(staff: Staff, query: unknown): string | undefined {
  const { area } = parseOrThrow(areaQuery, query ?? {});
  if (area === undefined) {
    assertDeploymentAdmin(staff, 'Credit rules');
    return undefined;
  }
  if (staff.role !== 'center') assertDeploymentAdmin(staff, 'Credit rules');
  assertInScope(staff, area, 'Credit rules');
  return area;
}

/** The rules of `area` (the deployment's when undefined) as staff see them, from one read of the stored items on the way up. */
async function viewOf(deps: CreditRulesDeps, area: string | undefined): Promise<CreditRulesView> {
  const layers = await deps.credits.storedRulesInLineage(area);
  const own = layers.find((layer) => layer.areaId === area) ?? { values: {}, version: 0 };
  const checked = checkStoredCreditRules(own.values);
  const inherited = inheritCreditRules(layers);
  const where = area === undefined ? {} : { area };
  const stored = {
    overrides: 'issues' in checked ? own.values : checked.overrides,
    defaults: defaultCreditRules,
    ...(own.updatedAt ? { updatedAt: own.updatedAt } : {}),
    ...(own.updatedBy ? { updatedBy: own.updatedBy } : {}),
  };
  if ('issues' in checked) return { ...where, rules: null, ...stored, invalid: checked.issues };
  if ('issues' in inherited) return { ...where, rules: null, ...stored, invalid: inherited.issues };
  return { ...where, rules: inherited.rules, from: inherited.from, ...stored };
}

export async function creditRules(deps: CreditRulesDeps, staff: Staff, query?: unknown): Promise<CreditRulesView> {
  return viewOf(deps, scopeOf(staff, query));
}

/**
 * Changes some rules, keeps the others: `{ "hoursPerPoint": 2 }` sets one, `null` drops one (an
 * area's then comes from above it, the deployment's is its default). A bad value is 400 naming it and nothing is stored; so is a stored value that
 * does not validate and that the change leaves as it is. Stored attributes that are not rules
 * are dropped.
 */
export async function changeCreditRules(deps: CreditRulesDeps, staff: Staff, body: unknown, query?: unknown): Promise<CreditRulesView> {
  const area = scopeOf(staff, query);
  const change = parseCreditRulesChange(body);
  for (let attempt = 1; ; attempt++) {
    const stored = await deps.credits.storedRules(area);
    // Attributes that are not rules (a hand-written typo) go: the save replaces the whole item.
    const rules = Object.fromEntries(Object.entries(stored.values).filter(([field]) => field in defaultCreditRules));
    const checked = checkStoredCreditRules(applyCreditRulesChange(rules, change));
    if ('issues' in checked) {
      throw new ValidationError(
        checked.issues.map((i) => ({
          field: i.field,
          message: `The stored value is not valid (${i.message}): send a value, or null for the default`,
        })),
      );
    }
    const at = deps.clock.now().toISOString();
    if (await deps.credits.saveRules(checked.overrides, { expectedVersion: stored.version, at, by: staff.name }, area)) {
      return viewOf(deps, area);
    }
    if (attempt >= SAVE_ATTEMPTS) throw new ConflictError('The credit rules were changed at the same time; try again');
  }
}
