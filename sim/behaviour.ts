/**
 * How teams behave, as probabilities and distributions:
 * - an offer is accepted, declined or ignored (left to lapse at its deadline);
 * - an answer comes after an exponential delay whose mean is a share of the offer's acceptance
 *   window (4 h normal, 30 min urgent, 24 h micro-wish); an answer drawn past the deadline is
 *   refused by `accept` like a real late click. Teams do not answer in quiet hours (22:00 to
 *   07:00 Shanghai time by default): the delay starts when they end;
 * - once accepted, the service takes a log-normal time whose median is a share of the service's
 *   `slaHours`, then the team reports 1 to 3 volunteers and their minutes (a report that would
 *   fall in the quiet hours comes when they end).
 */
import type { CompletionReport } from '#shared/domain/completion';
import { declineReasons, type DeclineReason } from '#shared/domain/offer-lifecycle';
import type { Random } from './random';
import { Weighted } from './random';

export interface Behaviour {
  /** Probability that a team accepts an offer. */
  readonly accept: number;
  /** Probability that it declines; the rest (1 − accept − decline) it ignores. */
  readonly decline: number;
  /** Mean answer delay as a share of the acceptance window. */
  readonly answerShare: number;
  /** Median service time (acceptance to completion) as a share of the service's `slaHours`. */
  readonly serviceShare: number;
  /** Spread of the service time's logarithm (0: always the median). */
  readonly serviceSigma: number;
  /** Shanghai hours [from, to) in which teams do not answer; absent: they answer any time. */
  readonly quietHours?: readonly [number, number];
}

export const defaultBehaviour: Behaviour = {
  accept: 0.75,
  decline: 0.15,
  answerShare: 0.2,
  serviceShare: 0.25,
  serviceSigma: 0.7,
  quietHours: [22, 7],
};

export function checkBehaviour(b: Behaviour): void {
  const probabilities = [b.accept, b.decline, 1 - b.accept - b.decline];
  if (probabilities.some((p) => p < -1e-9 || p > 1 + 1e-9))
    throw new Error('accept and decline must be probabilities with accept + decline <= 1');
  if (!(b.answerShare >= 0) || !(b.serviceShare > 0) || !(b.serviceSigma >= 0))
    throw new Error('answer and service shares must be positive');
}

export type AnswerKind = 'accept' | 'decline' | 'ignore';

export interface Answer {
  readonly kind: AnswerKind;
  /** When the answer is given (epoch ms); for `ignore`, the offer just lapses. */
  readonly at: number;
  readonly reason?: DeclineReason;
}

const declineReason = new Weighted<DeclineReason>(
  [...declineReasons],
  declineReasons.map((r) => ({ busy: 50, 'out-of-area': 15, 'no-skill': 15, other: 20 })[r]),
);

const HOUR_MS = 3_600_000;
const SHANGHAI_MS = 8 * HOUR_MS;

/** The end of the quiet hours if `at` falls in them, else `at`. */
export function afterQuietHours(at: number, quiet: Behaviour['quietHours']): number {
  if (!quiet) return at;
  const [from, to] = quiet;
  const local = at + SHANGHAI_MS;
  const hour = Math.floor(local / HOUR_MS) % 24;
  const inQuiet = from <= to ? hour >= from && hour < to : hour >= from || hour < to;
  if (!inQuiet) return at;
  const dayStart = Math.floor(local / (24 * HOUR_MS)) * 24 * HOUR_MS;
  const end = dayStart + to * HOUR_MS + (hour >= to ? 24 * HOUR_MS : 0);
  return end - SHANGHAI_MS;
}

/** The answer's delay runs from the first moment outside the quiet hours; a long one may end inside them. */
export function answerTo(random: Random, behaviour: Behaviour, offeredAt: number, deadline: number): Answer {
  const u = random.next();
  const kind: AnswerKind = u < behaviour.accept ? 'accept' : u < behaviour.accept + behaviour.decline ? 'decline' : 'ignore';
  const at = afterQuietHours(offeredAt, behaviour.quietHours) + random.exponential(behaviour.answerShare * (deadline - offeredAt));
  return kind === 'decline' ? { kind, at, reason: declineReason.draw(random) } : { kind, at };
}

/** Minutes from acceptance to completion. */
export function serviceMinutes(random: Random, behaviour: Behaviour, slaHours: number): number {
  return Math.max(5, random.lognormal(behaviour.serviceShare * slaHours * 60, behaviour.serviceSigma));
}

/**
 * The team's report: 1 to 3 volunteers and the minutes each served, no more than `atMost` (the
 * time since the team accepted: a report past it is refused).
 */
export function completionReport(random: Random, atMost = Number.POSITIVE_INFINITY): CompletionReport {
  const people = 1 + Number(random.chance(0.45)) + Number(random.chance(0.15));
  return {
    hours: Array.from({ length: people }, (_, i) => ({
      volunteer: `v${i + 1}`,
      minutes: Math.min(atMost, 480, Math.max(15, Math.round(random.lognormal(90, 0.5)))),
    })),
  };
}
