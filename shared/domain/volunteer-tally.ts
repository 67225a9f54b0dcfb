/**
 * What a request fact adds to the volunteer counters of the statistics (`tallyOf`): people,
 * minutes, hours capped per activity and points, by the credit rules in force when counted.
 */
import { pointsFor, type CreditRules } from './credit';
import type { RequestFact } from './request-fact';

const volunteerCounters = ['volunteers', 'volunteerMinutes', 'volunteerHours', 'points'] as const;
type VolunteerCounts = Record<(typeof volunteerCounters)[number], number>;

/**
 * A close (settled now) adds each visit's volunteers. A later change of a settled request's hours
 * (a correction, carrying the lists before and after) adds the difference, each side capped, on
 * the day of the change; the close's counts stand on the close's day.
 */
export function volunteerTally(fact: RequestFact, rules: CreditRules): Partial<VolunteerCounts> {
  if (fact.volunteersBefore) {
    const now = servedFigures(fact.volunteers ?? [], rules);
    const was = servedFigures(fact.volunteersBefore, rules);
    const change: Partial<VolunteerCounts> = {};
    for (const name of volunteerCounters) {
      const n = Math.round((now[name] - was[name]) * 10_000) / 10_000;
      if (n !== 0) change[name] = n;
    }
    return change;
  }
  if (fact.from === undefined || fact.from === fact.to || !fact.volunteers?.length) return {};
  return servedFigures(fact.volunteers, rules);
}

function servedFigures(served: NonNullable<RequestFact['volunteers']>, rules: CreditRules): VolunteerCounts {
  const figures = { volunteers: 0, volunteerMinutes: 0, volunteerHours: 0, points: 0 };
  for (const volunteer of served) {
    const hours = Math.min(volunteer.hours, rules.maxHoursPerActivity);
    figures.volunteers += 1;
    figures.volunteerMinutes += volunteer.minutes;
    figures.volunteerHours += hours;
    figures.points += pointsFor(hours, rules);
  }
  return figures;
}
