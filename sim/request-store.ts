/**
 * The requests of a simulation behind the RequestRepository port, in memory, with the indexes
 * the table keeps: waiting requests per service (urgent first, then oldest), the escalated
 * list (oldest escalation first), and due work by `dueAt` (a heap whose stale entries are
 * skipped). Writes are conditional on status and version like the DynamoDB adapter's, and
 * `reserveOffer` / `releaseOffer` move the team's `active` count in the same step, refusing a
 * team that is full or paused.
 *
 * The capacity rule is checked as an invariant: a reservation never takes a team above its
 * capacity, a release never below zero, and `auditCapacity` recounts every team's holders
 * (requests OFFERED to it or ACCEPTED by it) against its `active` count.
 */
import type { Service } from '#shared/domain/catalog';
import { WAITING_RETRY_MINUTES, addMinutes, escalatesAt, expiresAt, type ServiceTiming } from '#shared/domain/dispatch-policy';
import { IllegalTransitionError } from '#shared/domain/errors';
import { rankCandidates } from '#shared/domain/matching';
import { capacityHolder, nextWaitingCheck } from '#shared/domain/offer-lifecycle';
import type { RequestStatus } from '#shared/domain/request-state';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { orderMonth } from '#shared/domain/team';
import type {
  IdempotencyRecord,
  NewRequestRecord,
  OfferReservation,
  RequestRepository,
  ReservationOutcome,
  StatusChange,
} from '#shared/ports/request-repository';
import { MinHeap } from './event-queue';
import type { TeamIndex } from './team-index';

/** The capacity rule broken: a bug, never an outcome. */
export class CapacityViolation extends Error {}

const OPEN: ReadonlySet<RequestStatus> = new Set(['SUBMITTED', 'WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED']);

interface DueEntry {
  readonly dueMs: number;
  readonly id: string;
  readonly token: number;
}

const waitingKey = (r: ServiceRequest) => `${r.urgency === 'urgent' ? 0 : 1}#${r.createdAt}#${r.id}`;

export class RequestStore implements RequestRepository {
  readonly requests = new Map<string, ServiceRequest>();
  /** Requests in a state that is not final for dispatch (SUBMITTED … ESCALATED). */
  readonly open = new Set<string>();
  /** Timeline events written (not kept). */
  events = 0;
  /** The highest `active / capacity` any team reached. */
  maxLoad = 0;
  /**
   * Every breach of the capacity rule, also thrown: kept because some callers (a freed team
   * being offered waiting requests) swallow errors as best effort.
   */
  readonly violations: string[] = [];
  private readonly waitingIndex = new Map<string, string[]>();
  private readonly escalatedIds = new Map<string, true>();
  private readonly due = new MinHeap<DueEntry>((x, y) => x.dueMs < y.dueMs || (x.dueMs === y.dueMs && x.id < y.id));
  private readonly dueToken = new Map<string, number>();
  private tokens = 0;

  /** Sweep retries answered without running dispatch (see `skipHopelessRetries`). */
  skippedRetries = 0;

  /**
   * `skipHopelessRetries`: the sweep retries a waiting request every 5 minutes, and most
   * retries find what the last one found: no candidate with free capacity. For a waiting
   * request due in the sweep's batch, `dueForSweep` asks the real `rankCandidates` whether
   * dispatch would find anyone; if not, the retry's outcome is known, and it stores what
   * `sweepDue` would store (the new due time `nextWaitingCheck` gives) and leaves the request
   * out, counting it against the batch's limit as the sweep would. Only until the batch holds
   * an OFFERED request: the sweep lets that offer lapse, which gives its team capacity back
   * (nothing else the sweep does frees a team), so the waiting requests after it are left to
   * the sweep. Escalation and expiry are never skipped. A test checks that runs with and
   * without it are the same; with `verify` (audits after every event) each new due time is
   * also checked against `nextWaitingCheck` itself.
   */
  constructor(
    private readonly teams: TeamIndex,
    private readonly skip?: {
      readonly services: ReadonlyMap<string, ServiceTiming & Pick<Service, 'slaHours'>>;
      /** Check every skipped retry's new due time against `nextWaitingCheck` itself. */
      readonly verify?: boolean;
    },
  ) {}

  /** Requests with a due time (the sweep still has work on them). */
  get dueCount(): number {
    return this.dueToken.size;
  }

  private matches(before: ServiceRequest): boolean {
    const stored = this.requests.get(before.id);
    return stored !== undefined && stored.status === before.status && stored.version === before.version;
  }

  private store(after: ServiceRequest, event?: TimelineEvent): void {
    const prev = this.requests.get(after.id);
    this.requests.set(after.id, after);
    if (event) this.events++;
    if (prev?.status === 'WAITING' && after.status !== 'WAITING') this.unindexWaiting(prev);
    if (after.status === 'WAITING' && prev?.status !== 'WAITING') this.indexWaiting(after);
    if (prev?.status === 'ESCALATED' && after.status !== 'ESCALATED') this.escalatedIds.delete(after.id);
    if (after.status === 'ESCALATED' && prev?.status !== 'ESCALATED') this.escalatedIds.set(after.id, true);
    if (after.dueAt !== prev?.dueAt) {
      if (after.dueAt) {
        const token = ++this.tokens;
        this.dueToken.set(after.id, token);
        this.due.push({ dueMs: Date.parse(after.dueAt), id: after.id, token });
      } else this.dueToken.delete(after.id);
    }
    if (OPEN.has(after.status)) this.open.add(after.id);
    else this.open.delete(after.id);
  }

  private indexWaiting(r: ServiceRequest): void {
    const list = this.waitingIndex.get(r.serviceCode) ?? [];
    this.waitingIndex.set(r.serviceCode, list);
    const key = waitingKey(r);
    list.splice(lowerBound(list, key), 0, key);
  }

  private unindexWaiting(r: ServiceRequest): void {
    const list = this.waitingIndex.get(r.serviceCode)!;
    const key = waitingKey(r);
    const at = lowerBound(list, key);
    if (list[at] !== key) throw new Error(`Waiting index lost ${r.id}`);
    list.splice(at, 1);
  }

  async create(record: NewRequestRecord): Promise<void> {
    if (this.requests.has(record.request.id)) throw new Error(`Request ${record.request.id} exists`);
    this.store(record.request, record.events[0]);
  }

  async get(id: string): Promise<ServiceRequest | undefined> {
    return this.requests.get(id);
  }

  async getWithTimeline(id: string): Promise<{ request: ServiceRequest; timeline: TimelineEvent[] } | undefined> {
    const request = this.requests.get(id);
    return request ? { request, timeline: [] } : undefined;
  }

  async findByTrackingCode(): Promise<ServiceRequest | undefined> {
    return undefined;
  }

  async findIdempotency(): Promise<IdempotencyRecord | undefined> {
    return undefined;
  }

  async changeStatus(change: StatusChange): Promise<void> {
    if (!this.matches(change.before)) {
      throw new IllegalTransitionError(this.requests.get(change.before.id)?.status ?? change.before.status, change.after.status);
    }
    this.store(change.after, change.event);
  }

  async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    if (!this.matches(reservation.before)) return 'request-changed';
    const team = this.teams.teams.get(reservation.teamId);
    if (!team || team.paused || team.active >= team.capacity) return 'team-unavailable';
    team.active++;
    const month = orderMonth(new Date(reservation.after.updatedAt));
    team.recentOrders[month] = (team.recentOrders[month] ?? 0) + 1;
    if (team.active > team.capacity) this.violate(`${team.id} holds ${team.active} orders, capacity ${team.capacity}`);
    this.maxLoad = Math.max(this.maxLoad, team.active / team.capacity);
    this.store(reservation.after, reservation.event);
    return 'offered';
  }

  async releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'> {
    if (!this.matches(release.before)) return 'request-changed';
    const team = this.teams.teams.get(release.teamId);
    if (!team || team.active <= 0) this.violate(`${release.teamId}'s capacity count would go below zero`);
    team.active--;
    this.store(release.after, release.event);
    return 'released';
  }

  async update(before: ServiceRequest, after: ServiceRequest): Promise<boolean> {
    if (!this.matches(before)) return false;
    this.store(after);
    return true;
  }

  async dueForSweep(now: string, limit: number): Promise<ServiceRequest[]> {
    const nowMs = Date.parse(now);
    const found: DueEntry[] = [];
    let slots = limit;
    let retry: string | undefined;
    let offerBefore = false;
    while (slots > 0) {
      const top = this.due.peek();
      if (!top || top.dueMs > nowMs) break;
      this.due.pop();
      if (this.dueToken.get(top.id) !== top.token) continue;
      slots--;
      const request = this.requests.get(top.id)!;
      if (!offerBefore && this.skipRetry(request, now, (retry ??= addMinutes(now, WAITING_RETRY_MINUTES)))) continue;
      if (request.status === 'OFFERED') offerBefore = true;
      found.push(top);
    }
    // Still due until the request changes: the entries stay, as the index items do.
    for (const entry of found) this.due.push(entry);
    return found.map((e) => this.requests.get(e.id)!);
  }

  async escalated(limit: number): Promise<ServiceRequest[]> {
    const out: ServiceRequest[] = [];
    for (const id of this.escalatedIds.keys()) {
      if (out.length >= limit) break;
      out.push(this.requests.get(id)!);
    }
    return out;
  }

  async openForTeam(teamId: string, status: 'OFFERED' | 'ACCEPTED', limit: number): Promise<ServiceRequest[]> {
    return [...this.open]
      .map((id) => this.requests.get(id)!)
      .filter((r) => r.status === status && capacityHolder(r) === teamId)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .slice(0, limit);
  }

  async listCreated(districtId: string, month: string, areaPrefix: string): Promise<ServiceRequest[]> {
    return [...this.requests.values()].filter(
      (r) => r.areaId.startsWith(`${districtId}.`) && r.areaId.startsWith(areaPrefix) && orderMonth(new Date(r.createdAt)) === month,
    );
  }

  private readonly onceNotes = new Set<string>();
  async addNoteOnce(event: TimelineEvent, once: string): Promise<boolean> {
    const key = `${event.requestId}#${once}`;
    if (this.onceNotes.has(key)) return false;
    this.onceNotes.add(key);
    this.events++;
    return true;
  }
  async addNote(): Promise<void> {
    this.events++;
  }

  async waiting(serviceCode: string, limit: number): Promise<ServiceRequest[]> {
    const keys = this.waitingIndex.get(serviceCode) ?? [];
    return keys.slice(0, limit).map((key) => this.requests.get(key.slice(key.lastIndexOf('#') + 1))!);
  }

  /** Stores the outcome of a retry that cannot succeed (see the constructor); false if it might. */
  private skipRetry(request: ServiceRequest, now: string, retry: string): boolean {
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
    const dueAt = retry < limits.escalates ? retry : limits.escalates;
    if (this.skip.verify && dueAt !== nextWaitingCheck(request, now, service))
      throw new Error(`Skipped retry of ${request.id} would be due at ${dueAt}, not as the sweep says`);
    this.store({ ...request, dueAt });
    this.skippedRetries++;
    return true;
  }

  private readonly limits = new Map<string, { readonly clockStart: string; readonly expires: string; readonly escalates: string }>();

  /** `expiresAt` and `escalatesAt` of a request, computed once per submission or reopening. */
  private limitsOf(request: ServiceRequest, service: (ServiceTiming & Pick<Service, 'slaHours'>) | undefined) {
    const clockStart = request.reopenedAt ?? request.createdAt;
    let known = this.limits.get(request.id);
    if (!known || known.clockStart !== clockStart) {
      known = { clockStart, expires: expiresAt(request, service), escalates: escalatesAt(request, service) };
      this.limits.set(request.id, known);
    }
    return known;
  }

  /**
   * Recounts each team's holders (requests OFFERED to it or ACCEPTED by it) and checks them
   * against its `active` count and its capacity. Throws CapacityViolation on any difference.
   */
  auditCapacity(): void {
    const held = new Map<string, number>();
    for (const id of this.open) {
      const holder = capacityHolder(this.requests.get(id)!);
      if (holder) held.set(holder, (held.get(holder) ?? 0) + 1);
    }
    for (const team of this.teams.teams.values()) {
      const n = held.get(team.id) ?? 0;
      if (n !== team.active) this.violate(`${team.id} counts ${team.active} active orders but holds ${n}`);
      if (n > team.capacity) this.violate(`${team.id} holds ${n} orders, capacity ${team.capacity}`);
    }
  }

  private violate(message: string): never {
    this.violations.push(message);
    throw new CapacityViolation(message);
  }
}

/** The first position in sorted `list` whose key is not below `key`. */
function lowerBound(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
