/**
 * Residents' demand: requests arrive per community and service as independent Poisson
 * processes. The city orders `perDay` requests a day on average; a community's share is its
 * weight, a service's share is its place in the menu's demand mix below, and within a day the
 * rate follows the hour (few orders at night). A campaign (e.g. 学雷锋日, 5 March) multiplies
 * one category's rate for one day.
 *
 * Each (community, service, day) draws a Poisson count with its mean, and each of those
 * requests an hour from the day's profile and a uniform minute: exactly a Poisson process
 * whose rate varies with the hour of the day.
 */
import type { Service } from '#shared/domain/catalog';
import type { Urgency } from '#shared/domain/service-request';
import type { City } from './city';
import { Random, Weighted } from './random';

/** Share of the city's requests per service of the demo menu (percent; the rest share 3 each). */
export const serviceMix: Readonly<Record<string, number>> = {
  'elderly-visit': 15,
  'elderly-errands': 12,
  'appliance-repair': 12,
  'blood-pressure-check': 10,
  'micro-wish': 8,
  'homework-tutoring': 8,
  'health-consultation': 7,
  'dispute-mediation': 7,
  'legal-consultation': 5,
  'neighbourhood-cleanup': 5,
  'home-rehab-guidance': 3,
  'red-story-lecture': 3,
  'calligraphy-class': 3,
  'winter-clothes': 2,
};

/** Relative ordering rate per hour of the day (Shanghai time), 0:00 to 23:00. */
export const hourProfile: readonly number[] = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.5, 2.5, 3, 3, 2.5, 1.8, 2, 2.5, 2.5, 2.2, 2, 1.8, 1.8, 1.5, 1, 0.6, 0.3,
];

export interface Campaign {
  /** Day of the simulated week, 0-based. */
  readonly day: number;
  readonly category: string;
  readonly factor: number;
}

export interface DemandOptions {
  readonly seed: number;
  /** Mean requests a day in the whole city, before the campaign. */
  readonly perDay: number;
  readonly days: number;
  /** Midnight (Shanghai) of the first day, epoch milliseconds. */
  readonly startMs: number;
  /** Share of requests marked urgent, for services that allow it. */
  readonly urgentShare: number;
  readonly campaign?: Campaign;
}

export interface Arrival {
  /** Position in time order, from 0. */
  readonly index: number;
  readonly at: number;
  readonly areaId: string;
  readonly serviceCode: string;
  readonly urgency: Urgency;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Each active service's share of demand, summing to 1. */
export function serviceShares(services: readonly Service[]): Map<string, number> {
  const active = services.filter((s) => s.active);
  const raw = active.map((s) => serviceMix[s.code] ?? 3);
  const sum = raw.reduce((a, b) => a + b, 0);
  return new Map(active.map((s, i) => [s.code, raw[i]! / sum]));
}

/** The mean number of requests of (community weight share, service) on one day. */
export function dailyMean(perDay: number, communityShare: number, serviceShare: number, factor = 1): number {
  return perDay * communityShare * serviceShare * factor;
}

export function generateArrivals(city: City, options: DemandOptions): Arrival[] {
  const random = new Random(options.seed).fork('arrivals');
  const shares = serviceShares(city.services);
  const services = city.services.filter((s) => shares.has(s.code));
  const totalWeight = city.communities.reduce((sum, c) => sum + c.weight, 0);
  const hour = new Weighted(
    hourProfile.map((_, h) => h),
    hourProfile,
  );
  const drafts: Array<Omit<Arrival, 'index'>> = [];
  for (let day = 0; day < options.days; day++) {
    const dayStart = options.startMs + day * DAY_MS;
    for (const community of city.communities) {
      const communityShare = community.weight / totalWeight;
      for (const service of services) {
        const campaign =
          options.campaign && options.campaign.day === day && options.campaign.category === service.category ? options.campaign.factor : 1;
        const count = random.poisson(dailyMean(options.perDay, communityShare, shares.get(service.code)!, campaign));
        for (let k = 0; k < count; k++) {
          const at = dayStart + hour.draw(random) * HOUR_MS + Math.floor(random.next() * HOUR_MS);
          const urgency: Urgency = service.urgentAllowed && random.chance(options.urgentShare) ? 'urgent' : 'normal';
          drafts.push({ at, areaId: community.id, serviceCode: service.code, urgency });
        }
      }
    }
  }
  // A stable sort keeps the drawing order among requests of the same millisecond.
  return drafts.sort((a, b) => a.at - b.at).map((a, index) => ({ index, ...a }));
}
