/**
 * Needs statistics (问需统计): what each request fact adds to the day counters, and the KPIs
 * read back from summed counters. Pure: each change stores its fact, days are folded into
 * counters (`fold-stats`), so reading a period never looks at a request.
 *
 * Every counter counts events on the Shanghai calendar day they happened: a request on the
 * day it was submitted, an acceptance on the day it was accepted, and so on.
 */
import { ancestorAt, districtsWithin, lineage } from './area';
import type { MatchingMode } from './catalog';
import type { CreditRules } from './credit';
import { declineReasons, type DeclineReason } from './decline';
import type { RequestFact } from './request-fact';
import {
  acceptBucketNames,
  acceptMinuteNames,
  bucketOf,
  completeBucketNames,
  completeMinuteNames,
  durationKpi,
  type DurationKpi,
} from './stats-durations';
import { volunteerTally } from './volunteer-tally';

export {
  acceptBucketNames,
  bucketOf,
  completeBucketNames,
  durationBoundsMinutes,
  percentileFromHistogram,
  type DurationKpi,
} from './stats-durations';

const declineCounter: Record<DeclineReason, string> = {
  busy: 'declinedBusy',
  'out-of-area': 'declinedOutOfArea',
  'no-skill': 'declinedNoSkill',
  other: 'declinedOther',
};

const claimerKinds = ['volunteer', 'team', 'unit'] as const;
const claimerCounter = (prefix: string, kind: string) => `${prefix}${kind[0]!.toUpperCase()}${kind.slice(1)}`;
function claimerCounters<P extends string>(prefix: P) {
  return claimerKinds.map((kind) => claimerCounter(prefix, kind)) as [`${P}Volunteer`, `${P}Team`, `${P}Unit`];
}

/** The counters of one area × service × day. Absent means zero. */
export const serviceCounterNames = [
  'requests',
  /** Requests offered to a first team (offer number 1 since submission). */
  'dispatched',
  'offers',
  'accepted',
  'acceptedOnTime',
  'completed',
  'completedOnTime',
  'closed',
  'expired',
  'escalated',
  'cancelled',
  'rejected',
  /**
   * Rejected by staff while with the center (ESCALATED → REJECTED): unmet demand like an expiry,
   * since nothing escalated expires by itself (from 2026-12-07; staff end it).
   */
  'rejectedEscalated',
  'reopened',
  'declined',
  ...Object.values(declineCounter),
  /** Offers that lapsed at their deadline. */
  'lapsed',
  'acceptMinutes',
  ...acceptBucketNames,
  ...acceptMinuteNames,
  'acceptMCount',
  'completeMinutes',
  ...completeBucketNames,
  ...completeMinuteNames,
  'completeMCount',
  'rated',
  'starsTotal',
  'stars1',
  'stars2',
  'stars3',
  'stars4',
  'stars5',
  'volunteers',
  'volunteerMinutes',
  'volunteerHours',
  'points',
  /** The wish wall: published by a station, claimed (by kind of claimer), fulfilled, returned to the wall. */
  'wishPublished',
  'wishClaimed',
  ...claimerCounters('wishClaimedBy'),
  'wishClaimMinutes',
  'wishFulfilled',
  ...claimerCounters('wishFulfilledBy'),
  'wishFulfilMinutes',
  'wishReturned',
  /**
   * Wishes of a claim-mode service the station never reviewed for the wall (REVIEW → EXPIRED):
   * apart from `expired`, no unmet demand of volunteers.
   */
  'wishUnreviewed',
] as const;

/**
 * The counters of one team × area × day: its share of the area's work. `takenBack`: acceptances
 * the center took back to reassign (the team kept `accepted` less those).
 */
export const teamCounterNames = ['offers', 'accepted', 'completed', 'declined', 'lapsed', 'takenBack'] as const;

/**
 * The areas a fact counts in: its own and each above it up to the district. A city or a province
 * keeps no counters of its own (they would cost four more items in the transaction of every fact
 * with a team, two without): its figures are the sums of its districts', which a city's dashboard
 * reads anyway as its child areas.
 */
export function countingAreas(areaId: string): string[] {
  return lineage(areaId).filter(keepsCounters);
}

/** Whether an area keeps counters of its own: a district and every area within one. */
export function keepsCounters(areaId: string): boolean {
  return ancestorAt(areaId, 'district') !== undefined;
}

/**
 * The areas whose counters hold an area's figures: its own, or above the district, those of the
 * districts within it that `known` (ids of areas within it, at any level) shows.
 */
export function countersOf(areaId: string, known: Iterable<string>): string[] {
  return keepsCounters(areaId) ? [areaId] : districtsWithin(known, areaId);
}

export type Counts = Readonly<Record<string, number>>;

export interface FactTallyParts {
  readonly counts: Counts;
  readonly team?: { readonly teamId: string; readonly counts: Counts };
}

/** What the counters need besides the fact: the service's time limit, its matching mode and the credit rules. */
export interface TallyContext {
  /** The service's completion target from submission; 7 days when the service is unknown. */
  readonly slaHours?: number;
  /**
   * The service's matching mode (`matchingMode`): a request that expires in review is a wish the
   * station never reviewed only for a `claim` service; an `assign-then-claim` one is in review
   * because no team took it, unmet demand like any expiry. `assign` when the service is unknown.
   */
  readonly matching?: MatchingMode;
  readonly creditRules: CreditRules;
}

const minutesBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What one fact adds. On-time acceptance: accepted within the acceptance window of its offer
 * (deadline − offered at), counted from submission or reopening, so a request that went
 * through declines or waited is late even though each accept beat its own offer's deadline
 * (which `accept` enforces anyway). On-time completion: completed within the service's
 * `slaHours` of submission or reopening.
 */
export function tallyOf(fact: RequestFact, context: TallyContext): FactTallyParts {
  const counts: Record<string, number> = {};
  const team: Record<string, number> = {};
  const add = (name: string, n = 1) => void (counts[name] = (counts[name] ?? 0) + n);
  const addTeam = (name: string) => void (team[name] = (team[name] ?? 0) + 1);
  const { from, to } = fact;

  if (from === undefined) add('requests');
  else if (from !== to) {
    if (to === 'OFFERED') {
      add('offers');
      addTeam('offers');
      if (fact.offer?.number === 1 && fact.clockStart === fact.createdAt) add('dispatched');
    }
    if (to === 'ACCEPTED' && from === 'PUBLISHED') {
      // A claim from the wall: counted as the wall's, not as an answer to an offer.
      add('wishClaimed');
      if (fact.wish?.claimer) add(claimerCounter('wishClaimedBy', fact.wish.claimer));
      add('wishClaimMinutes', round(minutesBetween(fact.wish?.listedAt ?? fact.wish?.publishedAt ?? fact.at, fact.at), 2));
    } else if (to === 'ACCEPTED') {
      addTeam('accepted');
      // A request accepted again after the center took it back counted its acceptance (and its time) once, the first.
      if (!fact.acceptedAgain) {
        const waited = minutesBetween(fact.clockStart, fact.at);
        add('accepted');
        add('acceptMinutes', round(waited, 2));
        add(acceptBucketNames[bucketOf(waited)]!);
        add(acceptMinuteNames[bucketOf(waited)]!, round(waited, 2));
        add('acceptMCount');
        const window = fact.offer ? minutesBetween(fact.offer.offeredAt, fact.offer.deadline) : Infinity;
        if (waited <= window) add('acceptedOnTime');
      }
    }
    // Taken back from the team that accepted it (a reassign): the acceptance is not the team's to keep.
    if (from === 'ACCEPTED' && to === 'WAITING' && !fact.wish?.claimer) addTeam('takenBack');
    if (to === 'COMPLETED') {
      const took = minutesBetween(fact.clockStart, fact.at);
      add('completed');
      addTeam('completed');
      add('completeMinutes', round(took, 2));
      add(completeBucketNames[bucketOf(took)]!);
      add(completeMinuteNames[bucketOf(took)]!, round(took, 2));
      add('completeMCount');
      if (took <= (context.slaHours ?? 7 * 24) * 60) add('completedOnTime');
    }
    if (to === 'COMPLETED' && from === 'ACCEPTED' && fact.wish?.claimer) {
      add('wishFulfilled');
      add(claimerCounter('wishFulfilledBy', fact.wish.claimer));
      add('wishFulfilMinutes', round(minutesBetween(fact.wish.publishedAt, fact.at), 2));
    }
    if (to === 'PUBLISHED') add(from === 'ACCEPTED' ? 'wishReturned' : 'wishPublished');
    if (to === 'CLOSED') add('closed');
    if (to === 'EXPIRED') add(from === 'REVIEW' && context.matching === 'claim' ? 'wishUnreviewed' : 'expired');
    if (to === 'ESCALATED' && !fact.escalatedAgain) add('escalated');
    if (to === 'CANCELLED') add('cancelled');
    if (to === 'REJECTED') add(from === 'ESCALATED' ? 'rejectedEscalated' : 'rejected');
    if (from === 'COMPLETED' && to === 'WAITING') add('reopened');
    if (fact.release?.cause === 'timeout') {
      add('lapsed');
      addTeam('lapsed');
    } else if (fact.release?.cause === 'declined') {
      add('declined');
      addTeam('declined');
      if (fact.release.reason) add(declineCounter[fact.release.reason]);
    }
    if (fact.stars) {
      add('rated');
      add('starsTotal', fact.stars);
      add(`stars${fact.stars}`);
    }
  }
  for (const [name, n] of Object.entries(volunteerTally(fact, context.creditRules))) add(name, n);
  return { counts, ...(fact.teamId && Object.keys(team).length > 0 ? { team: { teamId: fact.teamId, counts: team } } : {}) };
}

/** Counters summed name by name. */
export function sumCounts(all: Iterable<Counts>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of all) for (const [name, n] of Object.entries(counts)) total[name] = (total[name] ?? 0) + n;
  return total;
}

/** `part / whole`, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 4) : null;
}

export function mean(sum: number, count: number): number | null {
  return count > 0 ? round(sum / count, 1) : null;
}

/**
 * The Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one holds
 * everything. 0 for no values or all zero.
 */
export function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0);
  if (n === 0 || total <= 0) return 0;
  const weighted = sorted.reduce((acc, x, i) => acc + (i + 1) * x, 0);
  return round((2 * weighted) / (n * total) - (n + 1) / n, 4);
}

export interface Kpis {
  readonly requests: number;
  readonly dispatched: number;
  readonly offers: number;
  readonly accepted: number;
  readonly completed: number;
  readonly closed: number;
  /** Nobody took the request within its service's time limit (a wish the station never reviewed is `wishes.unreviewed`). */
  readonly expired: number;
  /** Unmet demand: `expired`, plus requests staff rejected while they were with the center (none expires there by itself). */
  readonly unmet: number;
  readonly escalated: number;
  readonly cancelled: number;
  /** Rejected by staff, also those rejected while with the center. */
  readonly rejected: number;
  readonly reopened: number;
  /** Reopenings per completion (the hotline's reopen rate, 重复投诉率). */
  readonly reopenRate: number | null;
  readonly onTimeAcceptanceRate: number | null;
  readonly onTimeCompletionRate: number | null;
  readonly offersPerRequest: number | null;
  readonly timeToAccept: DurationKpi;
  readonly timeToComplete: DurationKpi;
  /** Offers given back, per offer made: by the reason the team gave, and lapsed at the deadline. */
  readonly declines: {
    readonly declined: number;
    readonly lapsed: number;
    readonly declineRate: number | null;
    readonly lapseRate: number | null;
    readonly byReason: Readonly<Record<DeclineReason, { readonly count: number; readonly rate: number | null }>>;
  };
  readonly satisfaction: {
    readonly ratings: number;
    readonly meanStars: number | null;
    /** Share of ratings with 4 or 5 stars. */
    readonly shareFourOrFive: number | null;
    /** Ratings with 1, 2, 3, 4 and 5 stars. */
    readonly stars: readonly [number, number, number, number, number];
  };
  readonly volunteers: { readonly people: number; readonly minutes: number; readonly hours: number; readonly points: number };
  /** The wish wall: what was published, claimed and fulfilled (by kind of claimer), returned, never reviewed; mean hours from publication. */
  readonly wishes: {
    readonly published: number;
    readonly claimed: number;
    readonly fulfilled: number;
    readonly returned: number;
    /** Expired waiting for the station's review, never on the wall. */
    readonly unreviewed: number;
    readonly claimedBy: Readonly<Record<(typeof claimerKinds)[number], number>>;
    readonly fulfilledBy: Readonly<Record<(typeof claimerKinds)[number], number>>;
    readonly meanHoursToClaim: number | null;
    readonly meanHoursToFulfil: number | null;
  };
}

/** The KPIs of summed counters. */
export function kpisOf(c: Counts): Kpis {
  const n = (name: string) => c[name] ?? 0;
  const stars = [n('stars1'), n('stars2'), n('stars3'), n('stars4'), n('stars5')] as const;
  const byReason = Object.fromEntries(
    declineReasons.map((reason) => [reason, { count: n(declineCounter[reason]), rate: rate(n(declineCounter[reason]), n('offers')) }]),
  ) as Kpis['declines']['byReason'];
  return {
    requests: n('requests'),
    dispatched: n('dispatched'),
    offers: n('offers'),
    accepted: n('accepted'),
    completed: n('completed'),
    closed: n('closed'),
    expired: n('expired'),
    unmet: n('expired') + n('rejectedEscalated'),
    escalated: n('escalated'),
    cancelled: n('cancelled'),
    rejected: n('rejected') + n('rejectedEscalated'),
    reopened: n('reopened'),
    reopenRate: rate(n('reopened'), n('completed')),
    onTimeAcceptanceRate: rate(n('acceptedOnTime'), n('accepted')),
    onTimeCompletionRate: rate(n('completedOnTime'), n('completed')),
    offersPerRequest: rate(n('offers'), n('requests')),
    timeToAccept: durationKpi(c, 'acceptMinutes', 'accepted', {
      buckets: acceptBucketNames,
      minutes: acceptMinuteNames,
      counted: 'acceptMCount',
    }),
    timeToComplete: durationKpi(c, 'completeMinutes', 'completed', {
      buckets: completeBucketNames,
      minutes: completeMinuteNames,
      counted: 'completeMCount',
    }),
    declines: {
      declined: n('declined'),
      lapsed: n('lapsed'),
      declineRate: rate(n('declined'), n('offers')),
      lapseRate: rate(n('lapsed'), n('offers')),
      byReason,
    },
    satisfaction: {
      ratings: n('rated'),
      meanStars: n('rated') > 0 ? round(n('starsTotal') / n('rated'), 2) : null,
      shareFourOrFive: rate(stars[3] + stars[4], n('rated')),
      stars,
    },
    volunteers: {
      people: n('volunteers'),
      minutes: n('volunteerMinutes'),
      hours: round(n('volunteerHours'), 2),
      points: round(n('points'), 2),
    },
    wishes: {
      published: n('wishPublished'),
      claimed: n('wishClaimed'),
      fulfilled: n('wishFulfilled'),
      returned: n('wishReturned'),
      unreviewed: n('wishUnreviewed'),
      claimedBy: byClaimer((kind) => n(claimerCounter('wishClaimedBy', kind))),
      fulfilledBy: byClaimer((kind) => n(claimerCounter('wishFulfilledBy', kind))),
      meanHoursToClaim: n('wishClaimed') > 0 ? round(n('wishClaimMinutes') / 60 / n('wishClaimed'), 1) : null,
      meanHoursToFulfil: n('wishFulfilled') > 0 ? round(n('wishFulfilMinutes') / 60 / n('wishFulfilled'), 1) : null,
    },
  };
}

const byClaimer = (count: (kind: string) => number) =>
  Object.fromEntries(claimerKinds.map((kind) => [kind, count(kind)])) as Record<(typeof claimerKinds)[number], number>;

/** Any counted activity at all (an empty row is left out of breakdowns and exports). */
export function hasActivity(c: Counts): boolean {
  return Object.values(c).some((v) => v !== 0);
}

export interface TeamLoadInput {
  readonly teamId: string;
  readonly capacity: number;
  readonly offers: number;
  readonly accepted: number;
}

/** Orders per unit of capacity, and how evenly they are spread (Gini over the teams; counts not below 0). */
export function teamFairness(teams: readonly TeamLoadInput[]) {
  const acceptedPerCapacity = teams.map((t) => (t.capacity > 0 ? t.accepted / t.capacity : 0));
  const offersPerCapacity = teams.map((t) => (t.capacity > 0 ? t.offers / t.capacity : 0));
  return {
    acceptedPerCapacity: teams.map((t, i) => ({ teamId: t.teamId, value: round(acceptedPerCapacity[i]!, 4) })),
    giniAcceptedPerCapacity: gini(acceptedPerCapacity),
    giniOffersPerCapacity: gini(offersPerCapacity),
  };
}

export interface LocalizedName {
  readonly zh: string;
  readonly en: string;
}

/**
 * A recruitment hint for an area and service with unmet or long-waiting demand, e.g.
 * `需要更多小家电维修志愿者: 岱岳区粥店街道`. `areaPath` runs from the district down.
 */
export function recruitmentHint(service: LocalizedName, areaPath: readonly LocalizedName[]): LocalizedName {
  const zhArea = areaPath.map((a) => a.zh).join('');
  const enArea = [...areaPath]
    .reverse()
    .map((a) => a.en)
    .join(', ');
  const enService = /^[A-Z][a-z]/.test(service.en) ? service.en[0]!.toLowerCase() + service.en.slice(1) : service.en;
  return { zh: `需要更多${service.zh}志愿者: ${zhArea}`, en: `More ${enService} volunteers needed: ${enArea}` };
}
