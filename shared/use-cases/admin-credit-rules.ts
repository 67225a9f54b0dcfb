/**
 * Credit rules (积分规则) for center admins: how many hours make a point and how many hours one
 * activity credits at most. The deployment's, and any area's own (`?area=<code>`: a city, county,
 * street or community may differ, as 堰北社区's 4 hours a point does); a request is credited by the
 * rules of the nearest of its community and their ancestors that has its own, else the
 * deployment's. Stored as overrides of the defaults; a change sets some rules and keeps the
 * others, and applies to every credit posted after it (credits already on the ledger stay as they
 * were). The deployment's rules are its own admin's; an area's, its center admins'. Station staff
 * do not see or set them (404).
 */
import {
  applyCreditRulesChange,
  checkStoredCreditRules,
  defaultCreditRules,
  parseCreditRulesChange,
  type CreditRuleOverrides,
  type CreditRules,
} from '#shared/domain/credit';
import { ConflictError, ValidationError, type FieldIssue } from '#shared/domain/errors';
import * as z from '#shared/domain/zod';
import { areaId } from '#shared/domain/area';
import { assertDeploymentAdmin, assertInScope, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger, CreditRuleStore, StoredCreditRules } from '#shared/ports/credit-ledger';

export interface CreditRulesDeps {
  readonly credits: CreditRuleStore & Pick<CreditLedger, 'rules'>;
  readonly clock: Clock;
}

export interface CreditRulesView {
  /** The area whose own rules these are; absent for the deployment's. */
  readonly area?: string;
  /** The rules in force; null while the stored values do not validate (then nothing is credited). */
  readonly rules: CreditRules | null;
  /** For an area: the rules its requests are credited by now (its own, or the nearest ancestor's, or the deployment's). */
  readonly inForce?: CreditRules;
  /** The stored values, over the defaults; `{}` when every default applies. */
  readonly overrides: CreditRuleOverrides | Readonly<Record<string, unknown>>;
  readonly defaults: CreditRules;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
  /** Stored values that do not validate (written by hand around this API): fix them with a PUT. */
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

function view(stored: StoredCreditRules): CreditRulesView {
  const checked = checkStoredCreditRules(stored.values);
  const meta = {
    defaults: defaultCreditRules,
    ...(stored.updatedAt ? { updatedAt: stored.updatedAt } : {}),
    ...(stored.updatedBy ? { updatedBy: stored.updatedBy } : {}),
  };
  if ('issues' in checked) return { rules: null, overrides: stored.values, ...meta, invalid: checked.issues };
  return { rules: { ...defaultCreditRules, ...checked.overrides }, overrides: checked.overrides, ...meta };
}

export async function creditRules(deps: CreditRulesDeps, staff: Staff, query?: unknown): Promise<CreditRulesView> {
  const area = scopeOf(staff, query);
  const own = view(await deps.credits.storedRules(area));
  if (area === undefined) return own;
  return { area, ...own, ...(await inForce(deps, area)) };
}

async function inForce(deps: CreditRulesDeps, area: string): Promise<{ inForce?: CreditRules }> {
  try {
    return { inForce: await deps.credits.rules(area) };
  } catch {
    return {};
  }
}

/**
 * Changes some rules, keeps the others: `{ "hoursPerPoint": 2 }` sets one, `null` returns one
 * to its default. A bad value is 400 naming it and nothing is stored; so is a stored value that
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
      const saved = view({ values: checked.overrides, version: stored.version + 1, updatedAt: at, updatedBy: staff.name });
      return area === undefined ? saved : { area, ...saved, ...(await inForce(deps, area)) };
    }
    if (attempt >= SAVE_ATTEMPTS) throw new ConflictError('The credit rules were changed at the same time; try again');
  }
}
