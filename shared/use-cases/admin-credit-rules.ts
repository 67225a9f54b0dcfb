/**
 * The deployment's credit rules (积分规则) for center admins: how many hours make a point and
 * how many hours one activity credits at most. Stored as overrides of the defaults; a change
 * sets some rules and keeps the others, and applies to every credit posted after it (credits
 * already on the ledger stay as they were). Station staff do not see or set them (404).
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
import { assertDeploymentAdmin, type Staff } from '#shared/domain/staff';
import type { Clock } from '#shared/ports/clock';
import type { CreditRuleStore, StoredCreditRules } from '#shared/ports/credit-ledger';

export interface CreditRulesDeps {
  readonly credits: CreditRuleStore;
  readonly clock: Clock;
}

export interface CreditRulesView {
  /** The rules in force; null while the stored values do not validate (then nothing is credited). */
  readonly rules: CreditRules | null;
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

const centerOnly = (staff: Staff) => assertDeploymentAdmin(staff, 'Credit rules');

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

export async function creditRules(deps: CreditRulesDeps, staff: Staff): Promise<CreditRulesView> {
  centerOnly(staff);
  return view(await deps.credits.storedRules());
}

/**
 * Changes some rules, keeps the others: `{ "hoursPerPoint": 2 }` sets one, `null` returns one
 * to its default. A bad value is 400 naming it and nothing is stored; so is a stored value that
 * does not validate and that the change leaves as it is. Stored attributes that are not rules
 * are dropped.
 */
export async function changeCreditRules(deps: CreditRulesDeps, staff: Staff, body: unknown): Promise<CreditRulesView> {
  centerOnly(staff);
  const change = parseCreditRulesChange(body);
  for (let attempt = 1; ; attempt++) {
    const stored = await deps.credits.storedRules();
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
    if (await deps.credits.saveRules(checked.overrides, { expectedVersion: stored.version, at, by: staff.name })) {
      return view({ values: checked.overrides, version: stored.version + 1, updatedAt: at, updatedBy: staff.name });
    }
    if (attempt >= SAVE_ATTEMPTS) throw new ConflictError('The credit rules were changed at the same time; try again');
  }
}
