/**
 * The simulation's request store: the shared in-memory one (`MemoryRequests`: indexes, capacity
 * invariant, audit) with what only a run needs, the highest load any team reached and the
 * shortcut below, which is what lets a week of a city run in seconds.
 *
 * `skipHopelessRetries`: the sweep retries a waiting request every 5 to 10 minutes, and most retries
 * find what the last one found: no candidate with free capacity. For a waiting request due in
 * the sweep's batch, `dueForSweep` asks the real `rankCandidates` whether dispatch would find
 * anyone; if not, the retry's outcome is known, and it stores what `sweepDue` would store (the
 * new due time `nextWaitingCheck` gives) and leaves the request out of the batch (a run goes on
 * until nothing is due, so the batches after hold what it would have). Only until the batch holds an OFFERED request: the sweep
 * lets that offer lapse, which gives its team capacity back (nothing else the sweep does frees
 * a team), so the waiting requests after it are left to the sweep. Escalation and expiry are
 * never skipped. A test checks that runs with and without it are the same; with `verify`
 * (audits after every event) each new due time is also checked against `nextWaitingCheck`.
 */
import { MemoryRequests } from '#shared/adapters/memory/request-repository';
import type { MemoryTeams } from '#shared/adapters/memory/team-repository';
import type { Service } from '#shared/domain/catalog';
import { addMinutes, escalatesAt, expiresAt, waitingRetryMinutes, type ServiceTiming } from '#shared/domain/dispatch-policy';
import { rankCandidates } from '#shared/domain/matching';
import { nextWaitingCheck } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { OfferReservation, ReservationOutcome } from '#shared/ports/request-repository';

type Timing = ServiceTiming & Pick<Service, 'slaHours'>;

export class RequestStore extends MemoryRequests {
  /** The highest `active / capacity` any team reached. */
  maxLoad = 0;
  /** Sweep retries answered without running dispatch (see `skipHopelessRetries`). */
  skippedRetries = 0;
  private readonly limits = new Map<string, { readonly clockStart: string; readonly expires: string; readonly escalates: string }>();

  constructor(
    teams: MemoryTeams,
    private readonly skip?: {
      readonly services: ReadonlyMap<string, Timing>;
      /** Check every skipped retry's new due time against `nextWaitingCheck` itself. */
      readonly verify?: boolean;
    },
  ) {
    super(teams);
  }

  override async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    const outcome = await super.reserveOffer(reservation);
    if (outcome === 'offered') {
      const team = this.teams.teams.get(reservation.teamId)!;
      this.maxLoad = Math.max(this.maxLoad, team.active / team.capacity);
    }
    return outcome;
  }

  /** Stores the outcome of a retry that cannot succeed; false if it might. */
  protected override answerRetry(request: ServiceRequest, now: string): boolean {
    if (!this.skip || request.status !== 'WAITING') return false;
    const service = this.skip.services.get(request.serviceCode);
    const limits = this.limitsOf(request, service);
    if (now >= limits.expires || now >= limits.escalates) return false;
    const candidates = this.teams.candidatesFor(request.serviceCode, request.areaId);
    // A looser test than rankCandidates' own filter first (it ignores blackout dates): when it
    // finds nobody, rankCandidates would not either.
    const excluded = request.excludedTeams ?? [];
    if (candidates.some((t) => !t.paused && t.active < t.capacity && !excluded.includes(t.id))) {
      if (rankCandidates(request, candidates, new Date(now), new Set(excluded)).length > 0) return false;
    }
    // nextWaitingCheck(request, now, service), from the parts already at hand.
    const retryAt = addMinutes(now, waitingRetryMinutes(request, now));
    const dueAt = retryAt < limits.escalates ? retryAt : limits.escalates;
    if (this.skip.verify && dueAt !== nextWaitingCheck(request, now, service))
      throw new Error(`Skipped retry of ${request.id} would be due at ${dueAt}, not as the sweep says`);
    this.store({ ...request, dueAt });
    this.skippedRetries++;
    return true;
  }

  /** `expiresAt` and `escalatesAt` of a request, computed once per submission or reopening. */
  private limitsOf(request: ServiceRequest, service: Timing | undefined) {
    const clockStart = request.reopenedAt ?? request.createdAt;
    let known = this.limits.get(request.id);
    if (!known || known.clockStart !== clockStart) {
      known = { clockStart, expires: expiresAt(request, service), escalates: escalatesAt(request, service) };
      this.limits.set(request.id, known);
    }
    return known;
  }
}
