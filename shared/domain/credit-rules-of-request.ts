/**
 * The credit rules a request's hours are priced by: one moment's, once. A request keeps those in
 * force when it was first completed (`creditRules`, taken with the completion's own write), and
 * its posting and every later hours correction price by them, whatever the rules became since.
 * A request completed before requests kept them is posted by the rules in force at its posting,
 * which the posting's write keeps on it. One posted before that has nothing kept: its rules are
 * read back from what its ledger lines hold (`recoveredCreditRules`), as far as they show them.
 * Kept rules are stored as text (`keptRulesText`), on the request and on its statistics facts.
 */
import { creditRulesSchema, exactHoursPerPoint, pointsFor, servedByLedger, type CreditEntry, type CreditRules } from './credit';
import type { ServiceRequest } from './service-request';

type Figures = Pick<CreditEntry, 'hours' | 'points'>;

/**
 * Kept rules as stored, `4/8` (hours a point, then the cap): 14 bytes where a map takes 52, which
 * would carry a rated request's item over a kilobyte, and each of its writes a unit higher.
 */
export const keptRulesText = (rules: CreditRules) => `${rules.hoursPerPoint}/${rules.maxHoursPerActivity}`;

/** Kept rules read back from `keptRulesText`; anything else (garbled by hand: `4/`, `0/8`, `4/8/9`) is none. */
export function keptRulesOfText(text: unknown): CreditRules | undefined {
  const match = typeof text === 'string' ? /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text) : null;
  if (!match) return undefined;
  const parsed = creditRulesSchema.safeParse({ hoursPerPoint: Number(match[1]), maxHoursPerActivity: Number(match[2]) });
  return parsed.success ? parsed.data : undefined;
}

/** The caps allowed (half hours up to 24). */
const quarterHours = (hours: number) => Math.round(hours * 4) / 4;
const caps = Array.from({ length: 48 }, (_, i) => (i + 1) / 2);

/**
 * The rules a request posted without kept rules was priced by, from its ledger lines (each
 * ledger's own line, `lines`, keyed as `servedByLedger`), where they show them; else `now`'s:
 * - hours per point: hours ÷ points of a line that has both, when that is a value a change may set
 *   (`exactHoursPerPoint`) and prices the line exactly. A line posted by one rule and adjusted by
 *   another shows a mix no rule ever was (2 h at 4 h a point, then 1 h at 2 h: 3 h a point): then
 *   `now`'s, and `keep` is false: the request is priced by them but does not keep a guess;
 * - the cap: where a line holds fewer hours than its visits' sum, the cap that gives them; else
 *   the one in force now, unless a line credits a visit more hours than that (then that visit's).
 */
export function recoveredCreditRules(
  request: ServiceRequest,
  lines: ReadonlyMap<string, Figures>,
  now: CreditRules,
): { readonly rules: CreditRules; readonly keep: boolean } {
  const served = servedByLedger(request);
  let hoursPerPoint: number | undefined;
  let shown = false;
  let boundCap: number | undefined;
  let creditedInFull = 0;
  for (const [key, line] of lines) {
    if (hoursPerPoint === undefined && line.hours > 0 && line.points > 0) {
      shown = true;
      const guess = quarterHours(line.hours / line.points);
      if (exactHoursPerPoint.includes(guess) && pointsFor(line.hours, { hoursPerPoint: guess }) === line.points) hoursPerPoint = guess;
    }
    const visits = served.get(key)?.hoursPerVisit ?? [];
    const uncapped = visits.reduce((sum, hours) => sum + hours, 0);
    if (line.hours < uncapped) boundCap ??= caps.find((cap) => visits.reduce((sum, hours) => sum + Math.min(hours, cap), 0) === line.hours);
    else if (line.hours === uncapped) creditedInFull = Math.max(creditedInFull, ...visits);
  }
  const maxHoursPerActivity = boundCap ?? Math.min(24, Math.max(now.maxHoursPerActivity, creditedInFull));
  return { rules: { hoursPerPoint: hoursPerPoint ?? now.hoursPerPoint, maxHoursPerActivity }, keep: hoursPerPoint !== undefined || !shown };
}
