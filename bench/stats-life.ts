/**
 * The statistics load's requests (see stats-load.ts): which teams a request's offers go to, and
 * its life drawn with the simulation's team behaviour, as the request facts its changes store.
 */
import { lineage } from '#shared/domain/area';
import type { Service } from '#shared/domain/catalog';
import { roundServiceHours } from '#shared/domain/credit';
import { acceptanceMinutes, escalationMinutes } from '#shared/domain/dispatch-policy';
import type { RequestFact } from '#shared/domain/request-fact';
import type { RequestStatus } from '#shared/domain/request-state';
import { servicesHandledBy } from '#shared/domain/team';
import { MAX_VISIT_MINUTES } from '#shared/domain/visit-minutes';
import { afterQuietHours, answerTo, completionReport, defaultBehaviour, serviceMinutes } from '../sim/behaviour';
import type { City } from '../sim/city';
import type { Arrival } from '../sim/demand';
import { type Random, Weighted } from '../sim/random';

const DAY_MS = 86_400_000;
const stars = new Weighted([5, 4, 3, 2, 1], [60, 25, 10, 3, 2]);

/** Teams that handle a service and serve an area, as dispatch finds them (without load or pauses). */
export function candidateIndex(city: City): (areaId: string, serviceCode: string) => readonly string[] {
  const byServed = new Map<string, string[]>();
  for (const team of city.teams) {
    for (const code of servicesHandledBy(team, city.services)) {
      const key = `${team.servesAreaId}|${code}`;
      byServed.set(key, [...(byServed.get(key) ?? []), team.id]);
    }
  }
  const cache = new Map<string, readonly string[]>();
  return (areaId, serviceCode) => {
    const key = `${areaId}|${serviceCode}`;
    let found = cache.get(key);
    if (!found) cache.set(key, (found = lineage(areaId).flatMap((id) => byServed.get(`${id}|${serviceCode}`) ?? [])));
    return found;
  };
}

/**
 * One request's changes as request facts, its life drawn with the simulation's team behaviour:
 * up to three offers (accept, decline or lapse), then completion, volunteers and a close by the
 * resident's rating or after 7 days; escalation and expiry when nobody takes it; a few cancel.
 */
export function lifeOf(
  arrival: Arrival,
  requestId: string,
  service: Service,
  candidates: readonly string[],
  random: Random,
): RequestFact[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t0 = arrival.at;
  const base = {
    requestId,
    serviceCode: arrival.serviceCode,
    areaId: arrival.areaId,
    urgency: arrival.urgency,
    channel: 'web' as const,
    createdAt: iso(t0),
    clockStart: iso(t0),
  };
  const facts: RequestFact[] = [];
  let status: RequestStatus | undefined;
  const change = (at: number, to: RequestStatus, extra: Partial<RequestFact> = {}) => {
    facts.push({ ...base, version: facts.length + 1, at: iso(at), ...(status ? { from: status } : {}), to, ...extra });
    status = to;
  };
  change(t0, 'SUBMITTED');
  if (random.chance(0.02)) {
    change(t0 + random.exponential(30 * 60_000), 'CANCELLED');
    return facts;
  }
  const window = acceptanceMinutes(arrival.urgency, service) * 60_000;
  const tried = new Set<string>();
  let t = t0 + 1000;
  for (let number = 1; number <= 3; number++) {
    const free = candidates.filter((id) => !tried.has(id));
    if (free.length === 0) break;
    const teamId = random.pick(free);
    tried.add(teamId);
    const offer = { offeredAt: iso(t), deadline: iso(t + window), number };
    change(t, 'OFFERED', { teamId, offer });
    const answer = answerTo(random, defaultBehaviour, t, t + window);
    if (answer.kind === 'accept' && answer.at <= t + window) {
      change(answer.at, 'ACCEPTED', { teamId, offer });
      const done = afterQuietHours(
        answer.at + serviceMinutes(random, defaultBehaviour, service.slaHours) * 60_000,
        defaultBehaviour.quietHours,
      );
      change(done, 'COMPLETED', { teamId });
      // No more minutes than since acceptance, nor than a day, as completion refuses beyond (visit-minutes.ts).
      const bound = Math.min(Math.ceil((done - answer.at) / 60_000), MAX_VISIT_MINUTES);
      const volunteers = completionReport(random).hours.map((h) => {
        const minutes = Math.min(h.minutes, bound);
        return { minutes, hours: roundServiceHours(minutes) };
      });
      const rated = random.chance(0.6);
      change(rated ? done + random.exponential(6 * 3_600_000) : done + 7 * DAY_MS, 'CLOSED', {
        teamId,
        volunteers,
        ...(rated ? { stars: stars.draw(random) } : {}),
      });
      return facts;
    }
    const declined = answer.kind === 'decline' && answer.at <= t + window;
    const at = declined ? answer.at : t + window;
    change(at, 'WAITING', {
      teamId,
      offer,
      release: declined ? { cause: 'declined', ...(answer.reason ? { reason: answer.reason } : {}) } : { cause: 'timeout' },
    });
    t = at + 60_000;
  }
  if (status === 'SUBMITTED') change(t, 'WAITING');
  const escalated = Math.max(t, t0 + escalationMinutes(arrival.urgency, service) * 60_000);
  change(escalated, 'ESCALATED');
  change(Math.max(escalated + 60_000, t0 + service.slaHours * 3_600_000), 'EXPIRED');
  return facts;
}
