/**
 * The requests, their timelines, the outbox and the facts stored with changes (`facts`) on Maps,
 * with the indexes the table keeps: waiting requests per service (urgent first, then oldest), the
 * escalated list (by the time of the last change, then id), due work by `dueAt` then id (a heap
 * whose stale entries are skipped), requests by tracking code; the orders are the table's
 * indexes' own, which test/support/request-repository-contract.ts checks on both. The unit tests
 * read it, and the simulation runs a city's week through it (some 22,000 status changes and
 * 300,000 stored sweep retries a run): hence indexes where a test alone could scan.
 * Writes are conditional on status and version like the DynamoDB adapter's, and `reserveOffer` /
 * `releaseOffer` move the team's `active` count in the same step, refusing a team that is full or
 * paused; the capacity rule is an invariant (`auditCapacity` recounts each team's holders).
 */
import { isWithin } from '#shared/domain/area';
import { capacityHolder } from '#shared/domain/offer-lifecycle';
import type { RequestFact } from '#shared/domain/request-fact';
import { refusedChange, type RequestStatus } from '#shared/domain/request-state';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { orderMonth } from '#shared/domain/team';
import type { OutboxMessage } from '#shared/domain/outbox-message';
import type { Outbox, RemovedMessage } from '#shared/ports/outbox';
import { MemoryStatsFacts } from './stats-facts';
import {
  IdempotencyKeyTakenError,
  TrackingCodeTakenError,
  type IdempotencyRecord,
  type NewRequestRecord,
  type OfferReservation,
  type RequestRepository,
  type ReservationOutcome,
  type ClaimSlotHolder,
  type SweepPlace,
  type CreatedEntry,
  type CreatedRange,
  type StatusChange,
  type WallPage,
} from '#shared/ports/request-repository';
import { ClaimLimitError } from '#shared/domain/wish';
import { claimsOf, reviewQueueOf, wallOf } from './wish-listings';
import { MinHeap } from './min-heap';
import { insert, remove, waitingIn, waitingKey } from './waiting-line';
import { MemoryTeams } from './team-repository';

/** The capacity rule broken: a bug, never an outcome. */
export class CapacityViolation extends Error {}

const OPEN: ReadonlySet<RequestStatus> = new Set(['SUBMITTED', 'WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED']);

interface DueEntry {
  readonly dueMs: number;
  readonly id: string;
  readonly token: number;
}

/** As the table's center queue: by when it went to the center this round (before `escalatedAt`: its last change). */
const escalatedKey = (r: ServiceRequest) => `${r.escalatedAt ?? r.updatedAt}#${r.id}`;
/** `outboxMessages`' keys, as the table's: a message id (a notice's `notice-v2-offer`) is unique within its request only. */
export const outboxKey = (requestId: string, messageId: string) => `${requestId}#${messageId}`;

export class MemoryRequests implements RequestRepository, Outbox {
  readonly requests = new Map<string, ServiceRequest>();
  /** Every timeline event written, in order. */
  readonly events: TimelineEvent[] = [];
  /** Tracking code → request id. */
  readonly trackingCodes = new Map<string, string>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Which request each kept answer answers (the table keeps its hash, `requestIdHash`). */
  private readonly keptFor = new Map<string, string>();
  readonly outboxMessages = new Map<string, OutboxMessage>();
  /** `outboxMessages`' keys of the notices some target of which was sent (`MemoryNoticeDeliveries`), as the table keeps it on the item. */
  readonly noticesSent = new Set<string>();
  readonly facts = new MemoryStatsFacts();
  /** Requests in a state that is not final for dispatch (SUBMITTED … ESCALATED). */
  readonly open = new Set<string>();
  /**
   * Every breach of the capacity rule, also thrown: kept because some callers (a freed team
   * being offered waiting requests) swallow errors as best effort.
   */
  readonly violations: string[] = [];
  private readonly waitingIndex = new Map<string, string[]>();
  /** `<escalatedAt or updatedAt>#<id>` of each ESCALATED request, sorted: the table's escalated index. */
  private readonly escalatedKeys: string[] = [];
  private readonly dueHeap = new MinHeap<DueEntry>((x, y) => x.dueMs < y.dueMs || (x.dueMs === y.dueMs && x.id < y.id));
  private readonly dueToken = new Map<string, number>();
  private tokens = 0;

  constructor(readonly teams: MemoryTeams = new MemoryTeams()) {}

  /** Requests with a due time (the sweep still has work on them). */
  get dueCount(): number {
    return this.dueToken.size;
  }

  /** Stores a request as it stands, indexes and all, without a write's checks: a test's given state. */
  put(request: ServiceRequest): void {
    this.store(request);
  }

  private matches(before: ServiceRequest): boolean {
    const stored = this.requests.get(before.id);
    return stored !== undefined && stored.status === before.status && stored.version === before.version;
  }

  /** Writes a request and keeps the indexes current. */
  protected store(after: ServiceRequest, events: readonly TimelineEvent[] = []): void {
    const prev = this.requests.get(after.id);
    this.requests.set(after.id, after);
    this.events.push(...events);
    if (prev?.trackingCode !== after.trackingCode) {
      if (prev) this.trackingCodes.delete(prev.trackingCode);
      this.trackingCodes.set(after.trackingCode, after.id);
    }
    if (prev?.status === 'WAITING' && after.status !== 'WAITING') this.unindexWaiting(prev);
    if (after.status === 'WAITING' && prev?.status !== 'WAITING') this.indexWaiting(after);
    if (prev?.status === 'ESCALATED') remove(this.escalatedKeys, escalatedKey(prev));
    if (after.status === 'ESCALATED') insert(this.escalatedKeys, escalatedKey(after));
    if (after.dueAt !== prev?.dueAt) {
      if (after.dueAt) {
        const token = ++this.tokens;
        this.dueToken.set(after.id, token);
        this.dueHeap.push({ dueMs: Date.parse(after.dueAt), id: after.id, token });
      } else this.dueToken.delete(after.id);
    }
    if (OPEN.has(after.status)) this.open.add(after.id);
    else this.open.delete(after.id);
  }

  private indexWaiting(r: ServiceRequest): void {
    const list = this.waitingIndex.get(r.serviceCode) ?? [];
    this.waitingIndex.set(r.serviceCode, list);
    insert(list, waitingKey(r));
  }

  private unindexWaiting(r: ServiceRequest): void {
    remove(this.waitingIndex.get(r.serviceCode)!, waitingKey(r));
  }

  private writeOutbox(requestId: string, outbox: readonly OutboxMessage[] = [], settles: readonly string[] = []): void {
    for (const m of outbox) this.outboxMessages.set(outboxKey(m.requestId, m.id), m);
    for (const id of settles) this.drop(outboxKey(requestId, id));
  }

  async create(record: NewRequestRecord): Promise<void> {
    if (this.requests.has(record.request.id)) throw new Error(`Request ${record.request.id} exists`);
    if (this.trackingCodes.has(record.request.trackingCode)) throw new TrackingCodeTakenError();
    const kept = [record.idempotency, record.repeat].flatMap((r) => (r ? [r] : []));
    // As the table's condition: an expired record may be taken over, and so may the repeat answer
    // of the ended request this one replaces, while it is still that request's.
    const replaces = (r: IdempotencyRecord) =>
      r === record.repeat && record.repeatTakesOver !== undefined && this.keptFor.get(r.keyHash) === record.repeatTakesOver;
    const taken = kept.find((r) => (this.idempotency.get(r.keyHash)?.expiresAt ?? '') > record.request.createdAt && !replaces(r));
    if (taken) throw new IdempotencyKeyTakenError(taken.keyHash);
    this.store(record.request, record.events);
    this.writeOutbox(record.request.id, record.outbox);
    if (record.fact) this.facts.add(record.fact);
    for (const r of kept) {
      this.idempotency.set(r.keyHash, r);
      this.keptFor.set(r.keyHash, record.request.id);
    }
  }

  async get(id: string): Promise<ServiceRequest | undefined> {
    return this.requests.get(id);
  }

  async getWithTimeline(id: string): Promise<{ request: ServiceRequest; timeline: TimelineEvent[] } | undefined> {
    const request = this.requests.get(id);
    return request ? { request, timeline: this.events.filter((e) => e.requestId === id) } : undefined;
  }

  async findByTrackingCode(code: string): Promise<ServiceRequest | undefined> {
    const id = this.trackingCodes.get(code);
    return id === undefined ? undefined : this.requests.get(id);
  }

  async findIdempotency(keyHash: string): Promise<IdempotencyRecord | undefined> {
    return this.idempotency.get(keyHash);
  }

  async changeStatus(change: StatusChange): Promise<void> {
    if (!this.matches(change.before)) {
      throw refusedChange(this.requests.get(change.before.id)?.status ?? change.before.status, change.after.status);
    }
    const slot = change.claimSlot;
    if (slot && claimsOf(this.requests.values(), slot.holder).length >= slot.limit) throw new ClaimLimitError(slot.limit);
    this.store(change.after, [change.event]);
    this.writeOutbox(change.after.id, change.outbox, change.settles);
    if (change.fact) this.facts.add(change.fact);
  }

  async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    if (!this.matches(reservation.before)) return 'request-changed';
    const team = this.teams.teams.get(reservation.teamId);
    if (!team || team.paused || team.active >= team.capacity) return 'team-unavailable';
    if (reservation.teamVersion !== undefined && team.version !== reservation.teamVersion) return 'team-unavailable';
    // As the table's check of the coverage item: a judged offer needs the team to handle the service still.
    if (reservation.teamVersion !== undefined && !this.teams.handlesNow(team.id, reservation.after.serviceCode)) return 'team-unavailable';
    team.active++;
    const month = orderMonth(new Date(reservation.after.updatedAt));
    team.recentOrders[month] = (team.recentOrders[month] ?? 0) + 1;
    if (team.active > team.capacity) this.violate(`${team.id} holds ${team.active} orders, capacity ${team.capacity}`);
    await this.changeStatus(reservation);
    return 'offered';
  }

  async releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'> {
    if (!this.matches(release.before)) return 'request-changed';
    const team = this.teams.teams.get(release.teamId);
    if (!team || team.active <= 0) this.violate(`${release.teamId}'s capacity count would go below zero`);
    team.active--;
    await this.changeStatus(release);
    return 'released';
  }

  async update(before: ServiceRequest, after: ServiceRequest, fact?: RequestFact): Promise<boolean> {
    if (!this.matches(before) || this.requests.get(before.id)!.dueAt !== before.dueAt) return false;
    this.store(after);
    if (fact) this.facts.add(fact);
    return true;
  }

  async dueForSweep(now: string, limit: number, after?: SweepPlace): Promise<ServiceRequest[]> {
    const nowMs = Date.parse(now);
    const afterMs = after ? Date.parse(after.dueAt) : -Infinity;
    const found: DueEntry[] = [];
    const passed: DueEntry[] = [];
    let mayAnswer = true;
    while (found.length < limit) {
      const top = this.dueHeap.peek();
      if (!top || top.dueMs > nowMs) break;
      this.dueHeap.pop();
      if (this.dueToken.get(top.id) !== top.token) continue;
      // At or before the place given: the sweep had it already (the index's ExclusiveStartKey).
      if (top.dueMs < afterMs || (top.dueMs === afterMs && top.id <= after!.id)) {
        passed.push(top);
        continue;
      }
      const request = this.requests.get(top.id)!;
      if (mayAnswer && this.answerRetry(request, now)) continue;
      // The sweep lets this offer lapse, which gives its team capacity back: what a retry
      // after it finds is no longer known.
      if (request.status === 'OFFERED') mayAnswer = false;
      found.push(top);
    }
    // Still due until the request changes: the entries stay, as the index items do.
    for (const entry of [...passed, ...found]) this.dueHeap.push(entry);
    return found.map((e) => this.requests.get(e.id)!);
  }

  /**
   * For a subclass that knows the outcome of a due request's sweep without the sweep: store it
   * and return true, and the request is left out of the batch. Asked only until the batch holds
   * an OFFERED request. Here: never.
   */
  protected answerRetry(_request: ServiceRequest, _now: string): boolean {
    return false;
  }

  async escalated(limit: number): Promise<ServiceRequest[]> {
    return this.escalatedKeys.slice(0, limit).map((key) => this.requests.get(key.slice(key.lastIndexOf('#') + 1))!);
  }

  async openForTeam(teamId: string, status: 'OFFERED' | 'ACCEPTED', limit: number): Promise<ServiceRequest[]> {
    return [...this.open]
      .map((id) => this.requests.get(id)!)
      .filter((r) => r.status === status && capacityHolder(r) === teamId)
      .sort(by((r) => `${r.updatedAt}#${r.id}`))
      .slice(0, limit);
  }

  async listCreated(districtId: string, month: string, areaPrefix: string): Promise<ServiceRequest[]> {
    return [...this.requests.values()]
      .filter((r) => isWithin(r.areaId, districtId) && r.areaId.startsWith(areaPrefix) && orderMonth(new Date(r.createdAt)) === month)
      .sort(by((r) => `${r.areaId}/${r.createdAt}#${r.id}`));
  }

  async createdEntries(
    districtId: string,
    month: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ entries: CreatedEntry[]; more: boolean }> {
    const place = (r: Pick<CreatedEntry, 'createdAt' | 'id'>) => `${r.createdAt}#${r.id}`;
    const direction = range.order === 'newest' ? -1 : 1;
    const after = range.after && place(range.after);
    const found = [...this.requests.values()]
      .filter((r) => isWithin(r.areaId, districtId) && orderMonth(new Date(r.createdAt)) === month)
      .filter((r) => r.createdAt >= range.from && r.createdAt < range.to)
      .filter((r) => after === undefined || direction * (place(r) < after ? -1 : place(r) > after ? 1 : 0) > 0)
      .sort((a, b) => direction * (place(a) < place(b) ? -1 : 1))
      .map((r) => ({ createdAt: r.createdAt, id: r.id, areaId: r.areaId }));
    return { entries: found.slice(0, limit), more: found.length > limit };
  }

  async createdIn(
    districtId: string,
    month: string,
    communityId: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ requests: ServiceRequest[]; more: boolean }> {
    const { entries, more } = await this.createdEntries(districtId, month, range, Number.MAX_SAFE_INTEGER);
    const requests = entries.filter((e) => e.areaId === communityId).map((e) => this.requests.get(e.id)!);
    return { requests: requests.slice(0, limit), more: more || requests.length > limit };
  }

  async listedByIds(ids: readonly string[]): Promise<ServiceRequest[]> {
    return ids.flatMap((id) => this.requests.get(id) ?? []);
  }

  async addNote(event: TimelineEvent): Promise<void> {
    this.events.push(event);
  }

  /** `<requestId>#<once>` of each note added once. */
  private readonly onceNotes = new Set<string>();

  async addNoteOnce(event: TimelineEvent, once: string): Promise<boolean> {
    const key = `${event.requestId}#${once}`;
    if (this.onceNotes.has(key)) return false;
    this.onceNotes.add(key);
    this.events.push(event);
    return true;
  }

  async waiting(serviceCode: string, areaId: string, limit: number): Promise<ServiceRequest[]> {
    return waitingIn(this.waitingIndex.get(serviceCode) ?? [], areaId, limit, (id) => this.requests.get(id)!);
  }

  async wall(areaId: string, limit: number, cursor?: string): Promise<WallPage> {
    return wallOf(this.requests.values(), areaId, limit, cursor);
  }

  async inReview(districtId: string, limit: number, within?: string): Promise<ServiceRequest[]> {
    return reviewQueueOf(this.requests.values(), districtId, limit, within);
  }

  async claimedBy(holder: ClaimSlotHolder, limit: number): Promise<ServiceRequest[]> {
    return claimsOf(this.requests.values(), holder).slice(0, limit);
  }

  /** Earliest first (by due time, then id). */
  async due(now: string, limit: number): Promise<OutboxMessage[]> {
    return [...this.outboxMessages.values()]
      .filter((m) => m.dueAt <= now)
      .sort(by((m) => `${m.dueAt}#${m.id}`))
      .slice(0, limit);
  }

  async reschedule(message: OutboxMessage, dueAt: string): Promise<void> {
    const key = outboxKey(message.requestId, message.id);
    const current = this.outboxMessages.get(key);
    // As the table's: settled, or postponed since it was read to later than `dueAt`, it is left so.
    if (current && (current.dueAt <= message.dueAt || current.dueAt < dueAt))
      this.outboxMessages.set(key, { ...current, dueAt, relays: (message.relays ?? 0) + 1 });
  }

  async postpone(requestId: string, messageId: string, dueAt: string, giveUpAt?: string): Promise<void> {
    const key = outboxKey(requestId, messageId);
    const message = this.outboxMessages.get(key);
    const moved = giveUpAt ? { giveUpAt, body: { ...message?.body, giveUpAt } } : {};
    if (message && message.dueAt < dueAt) this.outboxMessages.set(key, { ...message, dueAt, ...moved });
  }

  async remove(requestId: string, messageId: string): Promise<RemovedMessage | undefined> {
    return this.drop(outboxKey(requestId, messageId));
  }

  async unsent(requestId: string, messageId: string): Promise<boolean> {
    const key = outboxKey(requestId, messageId);
    return this.outboxMessages.has(key) && !this.noticesSent.has(key);
  }

  private drop(key: string): RemovedMessage | undefined {
    if (!this.outboxMessages.delete(key)) return undefined;
    return { sentToAny: this.noticesSent.delete(key) };
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

/** Compares by a sort key, as an index's sort key orders its items (code units, not locale). */
function by<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
