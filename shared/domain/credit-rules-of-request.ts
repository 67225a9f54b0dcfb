/**
 * The credit rules a request's hours are priced by: one moment's, once. A request keeps those in
 * force when it was first completed (`creditRules`, taken with the completion's own write), and
 * its posting and every later hours correction price by them, whatever the rules became since.
 * A request completed before requests kept them is posted by the rules in force at its posting,
 * which the posting's write keeps on it. One posted before that has nothing kept: its rules are
 * read back from what its ledger lines hold (`recoveredCreditRules`), as far as they show them.
 */
import { pointsFor, servedByLedger, type CreditEntry, type CreditRules } from './credit';
import type { ServiceRequest } from './service-request';

type Figures = Pick<CreditEntry, 'hours' | 'points'>;

/** The allowed hours per point (`creditRulesChangeSchema`) and caps (half hours up to 24). */
const quarterHours = (hours: number) => Math.round(hours * 4) / 4;
const caps = Array.from({ length: 48 }, (_, i) => (i + 1) / 2);

/**
 * The rules a request posted without kept rules was priced by, from its ledger lines (each
 * ledger's own line, `lines`, keyed as `servedByLedger`), where they show them; else `now`'s:
 * - hours per point: hours ÷ points of a line that has both, when that prices the line exactly;
 * - the cap: where a line holds fewer hours than its visits' sum, the cap that gives them; else
 *   the one in force now, unless a line credits a visit more hours than that (then that visit's).
 */
export function recoveredCreditRules(request: ServiceRequest, lines: ReadonlyMap<string, Figures>, now: CreditRules): CreditRules {
  const served = servedByLedger(request);
  let hoursPerPoint: number | undefined;
  let boundCap: number | undefined;
  let creditedInFull = 0;
  for (const [key, line] of lines) {
    if (hoursPerPoint === undefined && line.hours > 0 && line.points > 0) {
      const guess = quarterHours(line.hours / line.points);
      if (guess >= 0.25 && guess <= 100 && pointsFor(line.hours, { hoursPerPoint: guess }) === line.points) hoursPerPoint = guess;
    }
    const visits = served.get(key)?.hoursPerVisit ?? [];
    const uncapped = visits.reduce((sum, hours) => sum + hours, 0);
    if (line.hours < uncapped) boundCap ??= caps.find((cap) => visits.reduce((sum, hours) => sum + Math.min(hours, cap), 0) === line.hours);
    else if (line.hours === uncapped) creditedInFull = Math.max(creditedInFull, ...visits);
  }
  const maxHoursPerActivity = boundCap ?? Math.min(24, Math.max(now.maxHoursPerActivity, creditedInFull));
  return { hoursPerPoint: hoursPerPoint ?? now.hoursPerPoint, maxHoursPerActivity };
}
