/**
 * Volunteer credit (积分): service minutes become hours by the common national rule, capped per
 * activity, and hours become points by the community's rule (default: 4 hours = 1 point, as in
 * 堰北社区, DOMAIN.md). Points are spent at the credit supermarket (信用超市); hours are kept.
 */
import type { ServiceRequest } from './service-request';

export interface CreditRules {
  readonly hoursPerPoint: number;
  /** Hours credited at most for one volunteer in one activity (one request). */
  readonly maxHoursPerActivity: number;
}

export const defaultCreditRules: CreditRules = { hoursPerPoint: 4, maxHoursPerActivity: 8 };

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
  /** `<teamId>:<volunteer>`: volunteers are known by their team. */
  readonly volunteerKey: string;
  readonly requestId: string;
  readonly teamId: string;
  readonly minutes: number;
  readonly hours: number;
  readonly points: number;
  readonly at: string;
}

export function volunteerKey(teamId: string, volunteer: string): string {
  return `${teamId}:${volunteer}`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The credit entries a closed request earns, one per volunteer (records of one volunteer summed). */
export function creditsFor(request: ServiceRequest, rules: CreditRules, at: string): CreditEntry[] {
  const teamId = request.assignedTeam?.id;
  if (request.status !== 'CLOSED' || !teamId || !request.completion) return [];
  const byVolunteer = new Map<string, { minutes: number; hours: number }>();
  for (const record of request.completion.hours) {
    const sum = byVolunteer.get(record.volunteer) ?? { minutes: 0, hours: 0 };
    byVolunteer.set(record.volunteer, { minutes: sum.minutes + record.minutes, hours: sum.hours + roundServiceHours(record.minutes) });
  }
  return [...byVolunteer].map(([volunteer, { minutes, hours }]) => {
    const credited = Math.min(hours, rules.maxHoursPerActivity);
    return {
      volunteerKey: volunteerKey(teamId, volunteer),
      requestId: request.id,
      teamId,
      minutes,
      hours: credited,
      points: round2(credited / rules.hoursPerPoint),
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
