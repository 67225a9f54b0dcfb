/**
 * The discrete-event simulation: a virtual clock and a queue of events (a resident's request,
 * a dispatch message, a team's answer, a completion, the sweep every minute, the center's
 * rounds), each handled by the real use cases on in-memory ports:
 *
 * - arrival: the request is stored SUBMITTED through `announcingChanges` (which
 *   commits its fact) and its dispatch message is published, as `submit-request` does;
 * - dispatch message: `dispatchRequest` (rankCandidates, offerTo or park, reserveOffer);
 * - an `offer` notice to a team: the team's behaviour draws accept / decline / ignore and a
 *   delay; accept → `acceptOffer`, decline → `declineOffer` (release, then the freed team is
 *   offered waiting requests); ignore → the offer lapses in the sweep;
 * - completion: `completeRequest` (capacity back, waiting requests offered to the team);
 * - every minute: `sweepDue` (lapses, waiting retries, escalation, expiry, closing, credits);
 * - center rounds: for each escalated request, `manualDispatchCandidates` and
 *   `dispatchByHand` to the best team that has not turned it down (else the best one), or, past
 *   the service's time limit, `rejectRequest` (nothing escalated expires by itself);
 * - every stored fact goes through `talliesOf` (`tallyOf`) into the counters.
 *
 * Nothing waits on real time. Random draws come from streams keyed by seed and request, so a
 * seed gives the same run, and a rerun with more teams the same residents and answers.
 */
import { memoryDeps } from '#shared/adapters/memory/deps';
import { CapacityViolation } from '#shared/adapters/memory/request-repository';
import { RecordingPublisher } from '#shared/adapters/memory/queue-publisher';
import { MemoryTeams } from '#shared/adapters/memory/team-repository';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import type { NoticeMessage } from '#shared/domain/notices';
import type { DeclineReason } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { statsDay } from '#shared/domain/stats-calendar';
import { visitMinutesBound } from '#shared/domain/visit-minutes';
import type { Clock } from '#shared/ports/clock';
import { expiresAt } from '#shared/domain/dispatch-policy';
import { dispatchByHand, rejectRequest } from '#shared/use-cases/admin-requests';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest, type DispatchMessageBody } from '#shared/use-cases/dispatch-request';
import { manualDispatchCandidates } from '#shared/use-cases/manual-dispatch-candidates';
import { dispatchMessage, OUTBOX_GRACE_SECONDS } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { afterQuietHours, answerTo, checkBehaviour, completionReport, defaultBehaviour, serviceMinutes, type Behaviour } from './behaviour';
import type { City } from './city';
import { SimCounters } from './counters';
import type { Arrival } from './demand';
import { EventQueue } from './event-queue';
import { Random } from './random';
import { RequestStore } from './request-store';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const SHANGHAI_MS = 8 * HOUR_MS;

export interface SimulationOptions {
  readonly seed: number;
  readonly behaviour: Behaviour;
  /** Shanghai hours at which the center dispatches escalated requests by hand; empty: never. */
  readonly centerHours: readonly number[];
  /** Escalated requests the center looks at per round, oldest first. */
  readonly centerBatch: number;
  /**
   * Once no request is open any more, keep sweeping until the completed ones close by
   * themselves (7 days on) and their volunteers' hours are credited.
   */
  readonly followClosing: boolean;
  /** Recount every team's holders after every event, every simulated hour, or never. */
  readonly audit: 'event' | 'hour' | 'off';
  /** From publishing a dispatch message to its consumer's run. */
  readonly queueDelayMs: number;
  /** Store the outcome of sweep retries that cannot succeed without running them (`RequestStore`). */
  readonly skipHopelessRetries: boolean;
  /** Hours between capacity audits when `audit` is `hour`. */
  readonly auditEveryHours: number;
}

export const defaultSimulationOptions: SimulationOptions = {
  seed: 1,
  behaviour: defaultBehaviour,
  centerHours: [9, 11, 14, 16],
  centerBatch: 500,
  followClosing: true,
  audit: 'hour',
  auditEveryHours: 6,
  queueDelayMs: 1000,
  skipHopelessRetries: true,
};

type SimEvent =
  | { readonly kind: 'arrival'; readonly arrival: Arrival }
  | { readonly kind: 'dispatch'; readonly body: DispatchMessageBody }
  | {
      readonly kind: 'answer';
      readonly requestId: string;
      readonly teamId: string;
      /** The offer answered: an answer to an earlier offer is late, whatever the request's state now. */
      readonly offeredAt: string;
      readonly accept: boolean;
      readonly reason?: DeclineReason;
    }
  | { readonly kind: 'complete'; readonly requestId: string; readonly teamId: string; readonly version: number }
  | { readonly kind: 'sweep' }
  | { readonly kind: 'center' }
  | { readonly kind: 'audit' };

export interface RunFigures {
  readonly events: number;
  readonly requests: number;
  /** Timeline events written (every status change has one). */
  readonly transitions: number;
  readonly offersNotified: number;
  /** Answers refused because the offer had lapsed or moved on. */
  readonly lateAnswers: number;
  readonly offersByHand: number;
  readonly sweeps: number;
  /** Sweep retries of waiting requests answered without running dispatch (same outcome). */
  readonly skippedRetries: number;
  readonly audits: number;
  /** Highest active / capacity any team reached (never above 1). */
  readonly maxLoad: number;
  readonly startMs: number;
  /** Virtual time of the last event handled. */
  readonly endMs: number;
  readonly wallMs: number;
}

export interface SimulationResult {
  readonly city: City;
  readonly counters: SimCounters;
  readonly teams: MemoryTeams;
  readonly store: RequestStore;
  readonly figures: RunFigures;
}

const SIM_CONTACT = { name: '模拟居民', phone: '+8613000000000', address: '-' } as const;
const CENTER: Staff = { id: 'sim-center', name: '中心调度 (simulated)', role: 'center' };

/** The next instant at or after `from` that falls on one of the Shanghai `hours`. */
export function nextHourOf(from: number, hours: readonly number[]): number | undefined {
  if (hours.length === 0) return undefined;
  const local = from + SHANGHAI_MS;
  const dayStart = Math.floor(local / (24 * HOUR_MS)) * 24 * HOUR_MS;
  for (let day = 0; day < 2; day++) {
    for (const h of [...hours].sort((a, b) => a - b)) {
      const at = dayStart + day * 24 * HOUR_MS + h * HOUR_MS - SHANGHAI_MS;
      if (at >= from) return at;
    }
  }
  return undefined;
}

export async function simulate(
  city: City,
  arrivals: readonly Arrival[],
  options: SimulationOptions = defaultSimulationOptions,
): Promise<SimulationResult> {
  checkBehaviour(options.behaviour);
  const wallStart = performance.now();
  const root = new Random(options.seed);
  const queue = new EventQueue<SimEvent>();
  const startMs = arrivals.length > 0 ? Math.floor(arrivals[0]!.at / HOUR_MS) * HOUR_MS : 0;
  let now = startMs;
  const clock: Clock = { now: () => new Date(now) };

  const teams = new MemoryTeams(city.teams, city.services);
  const services = new Map(city.services.map((s) => [s.code, s]));
  const store = new RequestStore(teams, options.skipHopelessRetries ? { services, verify: options.audit === 'event' } : undefined);
  const counters = new SimCounters((id) => {
    const r = store.requests.get(id);
    return r ? statsDay(r.createdAt) : undefined;
  });

  const figures = { events: 0, offersNotified: 0, lateAnswers: 0, offersByHand: 0, sweeps: 0, audits: 0 };
  // Each queue's consumer, on the virtual clock: dispatch after the queue's delay, a notice to its
  // team at once. Every message is published at once and never lost, so the outbox relay has
  // nothing to do and does not run. The facts the changes store are counted in batches (below).
  const publisher = new RecordingPublisher((message) => {
    if (message.queue === 'dispatch')
      queue.push(now + options.queueDelayMs, { kind: 'dispatch', body: message.body as DispatchMessageBody });
    else {
      const notice = message.body as unknown as NoticeMessage;
      if (notice.kind === 'offer' && notice.teamId) teamHears(notice.requestId, notice.teamId, notice.version);
      // Delivered at once: settled as the notify consumer settles a notice it has sent.
      void store.remove(notice.requestId, message.id);
    }
  });
  const memory = memoryDeps({
    clock,
    categories: city.categories,
    services: city.services,
    areas: city.areas.values(),
    requests: store,
    counters,
    publisher,
  });
  const deps = { ...memory, requests: announcingChanges(store, clock, publisher) };
  const { requests, catalog, credits } = deps;

  /** A team is told of an offer: draw its answer and when it comes. */
  function teamHears(requestId: string, teamId: string, version: number): void {
    figures.offersNotified++;
    const offer = store.requests.get(requestId)?.offer;
    if (!offer || offer.teamId !== teamId) return;
    const answer = answerTo(
      root.fork('answer', requestId, version, teamId),
      options.behaviour,
      Date.parse(offer.offeredAt),
      Date.parse(offer.deadline),
    );
    if (answer.kind === 'ignore') return;
    queue.push(answer.at, {
      kind: 'answer',
      requestId,
      teamId,
      offeredAt: offer.offeredAt,
      accept: answer.kind === 'accept',
      ...(answer.reason ? { reason: answer.reason } : {}),
    });
  }

  let arrivalsLeft = arrivals.length;
  // Without center rounds, an escalated request stays with the center (none expires by itself): the run need not wait on it.
  const awaited = () => options.centerHours.length > 0 || [...store.open].some((id) => store.requests.get(id)?.status !== 'ESCALATED');
  const busy = () => arrivalsLeft > 0 || (store.open.size > 0 && awaited()) || (options.followClosing && store.dueCount > 0);

  async function handle(event: SimEvent): Promise<void> {
    switch (event.kind) {
      case 'arrival': {
        arrivalsLeft--;
        const a = event.arrival;
        const at = new Date(now).toISOString();
        const request: ServiceRequest = {
          id: `r${String(a.index + 1).padStart(6, '0')}`,
          trackingCode: String(10_000_000 + a.index),
          serviceCode: a.serviceCode,
          areaId: a.areaId,
          description: '',
          contact: SIM_CONTACT,
          urgency: a.urgency,
          attributes: {},
          channel: 'web',
          status: 'SUBMITTED',
          version: 1,
          createdAt: at,
          updatedAt: at,
          accessTokenHash: '',
        };
        await requests.create({ request, events: [], outbox: [] });
        await publisher.publish(dispatchMessage(request, new Date(now + OUTBOX_GRACE_SECONDS * 1000).toISOString()));
        return;
      }
      case 'dispatch':
        await dispatchRequest(deps, event.body);
        return;
      case 'answer':
        // As the offer link does (it answers only its own offer): an answer to an offer that has
        // lapsed is late, also when the same team holds a later offer of the request, or accepted it.
        if (store.requests.get(event.requestId)?.offer?.offeredAt !== event.offeredAt) {
          figures.lateAnswers++;
          return;
        }
        try {
          if (event.accept) {
            const after = await acceptOffer(deps, event.requestId, event.teamId);
            const service = services.get(after.serviceCode);
            const draw = root.fork('service', after.id, after.version);
            const minutes = serviceMinutes(draw, options.behaviour, service?.slaHours ?? 7 * 24);
            const done = afterQuietHours(now + minutes * MINUTE_MS, options.behaviour.quietHours);
            queue.push(done, { kind: 'complete', requestId: after.id, teamId: event.teamId, version: after.version });
          } else {
            await declineOffer(deps, event.requestId, event.teamId, event.reason ?? 'other');
          }
        } catch (error) {
          if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
          figures.lateAnswers++;
        }
        return;
      case 'complete': {
        const accepted = store.requests.get(event.requestId);
        const atMost = accepted ? visitMinutesBound(accepted, clock.now()).minutes : undefined;
        const report = completionReport(root.fork('report', event.requestId, event.version), atMost);
        await completeRequest(deps, event.requestId, event.teamId, report);
        return;
      }
      case 'sweep':
        figures.sweeps++;
        {
          // No wall-clock budget: a run stopping at it would make a seed's week depend on the machine.
          const { failures } = await sweepDue(deps, { budgetMs: Number.POSITIVE_INFINITY });
          if (failures.length > 0) throw new Error(`sweep failed on ${failures.map((f) => `${f.requestId}: ${f.error}`).join(', ')}`);
        }
        if (busy()) queue.push(now + MINUTE_MS, event);
        return;
      case 'center': {
        for (const request of await store.escalated(options.centerBatch)) {
          if (clock.now().toISOString() >= expiresAt(request, await deps.catalog.getService(request.serviceCode))) {
            await rejectRequest(deps, CENTER, request.id, { reason: '超过服务时限，暂无服务队可以安排', version: request.version });
            continue;
          }
          const candidates = await manualDispatchCandidates(deps, request.id);
          const chosen = candidates.find((c) => !c.declinedBefore) ?? candidates[0];
          if (!chosen) continue;
          try {
            await dispatchByHand(deps, CENTER, request.id, { teamId: chosen.team.id, version: request.version });
            figures.offersByHand++;
          } catch (error) {
            if (!(error instanceof ConflictError || error instanceof ValidationError)) throw error;
          }
        }
        const next = nextHourOf(now + 1, options.centerHours);
        if (next !== undefined && busy()) queue.push(next, event);
        return;
      }
      case 'audit':
        figures.audits++;
        store.auditCapacity();
        if (busy()) queue.push(now + options.auditEveryHours * HOUR_MS, event);
        return;
    }
  }

  for (const arrival of arrivals) queue.push(arrival.at, { kind: 'arrival', arrival });
  queue.push(startMs, { kind: 'sweep' });
  const firstRound = nextHourOf(startMs, options.centerHours);
  if (firstRound !== undefined) queue.push(firstRound, { kind: 'center' });
  if (options.audit === 'hour') queue.push(startMs, { kind: 'audit' });

  let endMs = startMs;
  for (let next = queue.pop(); next; next = queue.pop()) {
    now = next.at;
    endMs = now;
    figures.events++;
    await handle(next.item);
    // The stored facts are tallied in batches, as the fold does; nothing in the run reads the counters.
    if (store.facts.stored.length - counters.countedUpTo >= 100) await counters.countStored(store.facts.stored, { catalog, credits });
    if (options.audit === 'event') store.auditCapacity();
    if (store.violations.length > 0) throw new CapacityViolation(store.violations[0]);
    if (!busy()) break;
  }
  store.auditCapacity();
  await counters.countStored(store.facts.stored, { catalog, credits });
  // Ended with requests still with the center (a run without center rounds): none will be served.
  for (const id of store.open) {
    const request = store.requests.get(id);
    if (request?.status === 'ESCALATED') counters.countLeftWithCenter(request);
  }

  return {
    city,
    counters,
    teams,
    store,
    figures: {
      ...figures,
      requests: arrivals.length,
      transitions: store.events.length,
      skippedRetries: store.skippedRetries,
      maxLoad: store.maxLoad,
      startMs,
      endMs,
      wallMs: performance.now() - wallStart,
    },
  };
}
