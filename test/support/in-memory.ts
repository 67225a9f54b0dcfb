/** Map-backed fakes of the ports, for use-case tests that need no server. */
import { isWithin, type Area } from '#shared/domain/area';
import type { Category, Service } from '#shared/domain/catalog';
import { IllegalTransitionError } from '#shared/domain/errors';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { orderMonth, type Team, type TeamLoad } from '#shared/domain/team';
import { TeamExistsError, type TeamRepository } from '#shared/ports/team-repository';
import { defaultCreditRules, type CreditBalance, type CreditEntry, type CreditRules } from '#shared/domain/credit';
import type { CreditLedger, LedgerLine, Redemption } from '#shared/ports/credit-ledger';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { Outbox, OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type { FactTally, StatsCounters } from '#shared/ports/stats-counters';
import type { DeliveryLog, DeliveryOutcome } from '#shared/ports/delivery-log';
import type { NotificationSender, RenderedNotice } from '#shared/ports/notification-sender';
import type { ChannelTarget } from '#shared/domain/team';
import {
  IdempotencyKeyTakenError,
  TrackingCodeTakenError,
  type IdempotencyRecord,
  type NewRequestRecord,
  type OfferReservation,
  type ReservationOutcome,
  type RequestRepository,
  type StatusChange,
} from '#shared/ports/request-repository';

export class InMemoryTeams implements TeamRepository {
  readonly teams = new Map<string, TeamLoad>();
  readonly coverage = new Map<string, Set<string>>();
  async get(id: string) {
    return this.teams.get(id);
  }
  async register(team: Team, handles: readonly string[], options: { mustBeNew?: boolean } = {}) {
    if (options.mustBeNew && this.teams.has(team.id)) throw new TeamExistsError(team.id);
    for (const ids of this.coverage.values()) ids.delete(team.id);
    this.teams.set(team.id, { ...team, active: this.teams.get(team.id)?.active ?? 0 });
    for (const code of handles) {
      const key = `${code}#${team.servesAreaId}`;
      this.coverage.set(key, (this.coverage.get(key) ?? new Set()).add(team.id));
    }
  }
  async stationedWithin(areaId?: string) {
    return [...this.teams.values()].filter((t) => !areaId || isWithin(t.stationAreaId, areaId));
  }
  async setPaused(teamId: string, paused: boolean) {
    const team = this.teams.get(teamId);
    if (team) this.teams.set(teamId, { ...team, paused });
    return team !== undefined;
  }
  readonly tokenHashes = new Map<string, string>();
  async setTokenHash(teamId: string, hash: string) {
    this.tokenHashes.set(teamId, hash);
  }
  async tokenHash(teamId: string) {
    return this.tokenHashes.get(teamId);
  }
  async servingWithin(serviceCodes: readonly string[], areaId: string) {
    const ids = [...this.coverage.entries()]
      .filter(([key]) => serviceCodes.some((code) => key.startsWith(`${code}#`) && isWithin(key.slice(code.length + 1), areaId)))
      .flatMap(([, set]) => [...set]);
    return [...new Set(ids)].map((id) => this.teams.get(id)!);
  }
  async handledServices(teamId: string) {
    return [...this.coverage.entries()].filter(([, ids]) => ids.has(teamId)).map(([key]) => key.split('#')[0]!);
  }
  async candidates(serviceCode: string, areaIds: readonly string[]) {
    const ids = new Set(areaIds.flatMap((a) => [...(this.coverage.get(`${serviceCode}#${a}`) ?? [])]));
    return [...ids].map((id) => this.teams.get(id)!);
  }
}

export class InMemoryCreditLedger implements CreditLedger {
  readonly earned = new Map<string, CreditEntry>();
  readonly balances = new Map<string, CreditBalance>();
  readonly spent: Redemption[] = [];
  rulesInForce: CreditRules = defaultCreditRules;
  async rules() {
    return this.rulesInForce;
  }
  async post(entry: CreditEntry) {
    const key = `${entry.volunteerKey}|${entry.requestId}`;
    if (this.earned.has(key)) return 'already-posted' as const;
    this.earned.set(key, entry);
    const b = await this.balance(entry.volunteerKey);
    this.balances.set(entry.volunteerKey, {
      ...b,
      hours: b.hours + entry.hours,
      pointsEarned: b.pointsEarned + entry.points,
      balance: b.balance + entry.points,
    });
    return 'posted' as const;
  }
  async balance(volunteerKey: string): Promise<CreditBalance> {
    return this.balances.get(volunteerKey) ?? { volunteerKey, hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 };
  }
  async history(volunteerKey: string): Promise<LedgerLine[]> {
    const earn = [...this.earned.values()]
      .filter((e) => e.volunteerKey === volunteerKey)
      .map((e): LedgerLine => ({ kind: 'earn', at: e.at, points: e.points, hours: e.hours, requestId: e.requestId }));
    const spend = this.spent
      .filter((s) => s.volunteerKey === volunteerKey)
      .map((s): LedgerLine => ({ kind: 'spend', at: s.at, points: s.points, item: s.item, pickupCode: s.pickupCode }));
    return [...earn, ...spend].sort((a, b) => a.at.localeCompare(b.at));
  }
  readonly voided = new Map<string, { entry: CreditEntry; reason: string; at: string }>();
  async earnedFor(volunteerKey: string, requestId: string) {
    return this.earned.get(`${volunteerKey}|${requestId}`);
  }
  async void(entry: CreditEntry, reason: string, at: string) {
    const key = `${entry.volunteerKey}|${entry.requestId}`;
    if (!this.earned.has(key)) return 'nothing-earned' as const;
    if (this.voided.has(key)) return 'already-voided' as const;
    this.voided.set(key, { entry, reason, at });
    const b = await this.balance(entry.volunteerKey);
    this.balances.set(entry.volunteerKey, {
      ...b,
      hours: b.hours - entry.hours,
      pointsEarned: b.pointsEarned - entry.points,
      balance: b.balance - entry.points,
    });
    return 'voided' as const;
  }
  async redeem(redemption: Redemption) {
    const b = await this.balance(redemption.volunteerKey);
    if (b.balance < redemption.points) return 'insufficient' as const;
    this.balances.set(redemption.volunteerKey, {
      ...b,
      pointsSpent: b.pointsSpent + redemption.points,
      balance: b.balance - redemption.points,
    });
    this.spent.push(redemption);
    return 'redeemed' as const;
  }
}

export class InMemoryStore implements RequestRepository, Outbox {
  readonly credits = new InMemoryCreditLedger();
  constructor(readonly teams = new InMemoryTeams()) {}

  readonly requests = new Map<string, ServiceRequest>();
  readonly events: TimelineEvent[] = [];
  readonly trackingCodes = new Set<string>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly outboxMessages = new Map<string, OutboxMessage>();

  async create(record: NewRequestRecord): Promise<void> {
    if (this.trackingCodes.has(record.request.trackingCode)) throw new TrackingCodeTakenError();
    if (record.idempotency && this.idempotency.has(record.idempotency.keyHash)) throw new IdempotencyKeyTakenError();
    this.requests.set(record.request.id, record.request);
    this.trackingCodes.add(record.request.trackingCode);
    this.events.push(...record.events);
    for (const m of record.outbox) this.outboxMessages.set(m.id, m);
    if (record.idempotency) this.idempotency.set(record.idempotency.keyHash, record.idempotency);
  }
  async get(id: string) {
    return this.requests.get(id);
  }
  async getWithTimeline(id: string) {
    const request = this.requests.get(id);
    return request ? { request, timeline: this.events.filter((e) => e.requestId === id) } : undefined;
  }
  async findByTrackingCode(code: string) {
    return [...this.requests.values()].find((r) => r.trackingCode === code);
  }
  async findIdempotency(keyHash: string) {
    return this.idempotency.get(keyHash);
  }
  async changeStatus({ before, after, event, outbox = [], settles = [] }: StatusChange): Promise<void> {
    const stored = this.requests.get(before.id);
    if (!stored || stored.status !== before.status || stored.version !== before.version) {
      throw new IllegalTransitionError(stored?.status ?? before.status, after.status);
    }
    this.requests.set(after.id, after);
    this.events.push(event);
    for (const m of outbox) this.outboxMessages.set(m.id, m);
    for (const id of settles) this.outboxMessages.delete(id);
  }
  async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    const stored = this.requests.get(reservation.before.id);
    if (!stored || stored.status !== reservation.before.status || stored.version !== reservation.before.version) return 'request-changed';
    const team = this.teams.teams.get(reservation.teamId);
    if (!team || team.paused || team.active >= team.capacity) return 'team-unavailable';
    const month = orderMonth(new Date(reservation.after.updatedAt));
    const recentOrders = { ...team.recentOrders, [month]: (team.recentOrders?.[month] ?? 0) + 1 };
    this.teams.teams.set(team.id, { ...team, active: team.active + 1, recentOrders });
    await this.changeStatus(reservation);
    return 'offered';
  }
  async releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'> {
    const stored = this.requests.get(release.before.id);
    if (!stored || stored.status !== release.before.status || stored.version !== release.before.version) return 'request-changed';
    const team = this.teams.teams.get(release.teamId)!;
    if (team.active <= 0) throw new Error('capacity count would go negative');
    this.teams.teams.set(team.id, { ...team, active: team.active - 1 });
    await this.changeStatus(release);
    return 'released';
  }
  async update(before: ServiceRequest, after: ServiceRequest) {
    const stored = this.requests.get(before.id);
    if (!stored || stored.status !== before.status || stored.version !== before.version) return false;
    this.requests.set(after.id, after);
    return true;
  }
  async dueForSweep(now: string, limit: number) {
    return [...this.requests.values()]
      .filter((r) => r.dueAt && r.dueAt <= now)
      .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
      .slice(0, limit);
  }
  async openForTeam(teamId: string, status: 'OFFERED' | 'ACCEPTED', limit: number) {
    return [...this.requests.values()]
      .filter((r) => r.status === status && (status === 'OFFERED' ? r.offer?.teamId : r.assignedTeam?.id) === teamId)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .slice(0, limit);
  }
  async escalated(limit: number) {
    return [...this.requests.values()]
      .filter((r) => r.status === 'ESCALATED')
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .slice(0, limit);
  }
  async waiting(serviceCode: string, limit: number) {
    const rank = (r: ServiceRequest) => `${r.urgency === 'urgent' ? 0 : 1}#${r.createdAt}`;
    return [...this.requests.values()]
      .filter((r) => r.status === 'WAITING' && r.serviceCode === serviceCode)
      .sort((a, b) => rank(a).localeCompare(rank(b)))
      .slice(0, limit);
  }
  async listCreated(districtId: string, month: string, areaPrefix: string) {
    return [...this.requests.values()].filter(
      (r) => r.areaId.startsWith(`${districtId}`) && orderMonth(new Date(r.createdAt)) === month && r.areaId.startsWith(areaPrefix),
    );
  }
  async addNote(event: TimelineEvent) {
    this.events.push(event);
  }
  private readonly onceNotes = new Set<string>();
  async addNoteOnce(event: TimelineEvent, once: string) {
    const key = `${event.requestId}#${once}`;
    if (this.onceNotes.has(key)) return false;
    this.onceNotes.add(key);
    this.events.push(event);
    return true;
  }
  async due(now: string, limit: number) {
    return [...this.outboxMessages.values()].filter((m) => m.dueAt <= now).slice(0, limit);
  }
  async reschedule(message: OutboxMessage, dueAt: string) {
    if (this.outboxMessages.has(message.id)) this.outboxMessages.set(message.id, { ...message, dueAt, relays: (message.relays ?? 0) + 1 });
  }
  async remove(_requestId: string, messageId: string) {
    this.outboxMessages.delete(messageId);
  }
}

export class RecordingPublisher implements QueuePublisher {
  readonly sent: Array<Pick<OutboxMessage, 'id' | 'queue' | 'body'>> = [];
  failing = false;
  async publish(message: Pick<OutboxMessage, 'id' | 'queue' | 'body'>) {
    if (this.failing) throw new Error('queue unavailable');
    this.sent.push(message);
  }
}

export function referenceData(services: Service[], areas: Area[]): { catalog: CatalogRepository; areas: AreaRepository } {
  return {
    catalog: {
      menu: async () => ({ categories: [] as Category[], services }),
      getService: async (code) => services.find((s) => s.code === code),
      putCategory: async () => undefined,
      putService: async () => undefined,
    },
    areas: {
      get: async (id) => areas.find((a) => a.id === id),
      subtree: async () => areas,
      put: async () => undefined,
    },
  };
}

/** The delivery log's contract on a Map: one outcome per key; a throwing delivery leaves no trace. */
export class InMemoryDeliveryLog implements DeliveryLog {
  readonly outcomes = new Map<string, DeliveryOutcome>();
  async once(key: string, deliver: () => Promise<DeliveryOutcome>) {
    const known = this.outcomes.get(key);
    if (known) return { outcome: known, fresh: false };
    const outcome = await deliver();
    this.outcomes.set(key, outcome);
    return { outcome, fresh: true };
  }
}

/** Records what was sent; `fail` decides per target whether to throw instead. */
export class RecordingSender implements NotificationSender {
  readonly sent: Array<{ target: ChannelTarget; notice: RenderedNotice }> = [];
  fail: (target: ChannelTarget) => Error | undefined = () => undefined;
  async send(target: ChannelTarget, notice: RenderedNotice) {
    const error = this.fail(target);
    if (error) throw error;
    this.sent.push({ target, notice });
  }
}

/** The statistics counters on Maps: each fact added once, counter items summed name by name. */
export class InMemoryStatsCounters implements StatsCounters {
  readonly counted = new Set<string>();
  /** `<areaId>|<day>|<service>` → counts. */
  readonly services = new Map<string, Record<string, number>>();
  /** `<areaId>|<day>|<teamId>` → counts. */
  readonly teams = new Map<string, Record<string, number>>();
  readonly settled: string[] = [];
  async add(tallies: readonly FactTally[]) {
    let added = 0;
    let duplicates = 0;
    for (const t of tallies) {
      const id = `${t.requestId}#${t.version}`;
      if (this.counted.has(id)) {
        duplicates++;
        continue;
      }
      this.counted.add(id);
      added++;
      this.settled.push(`${t.requestId}/${t.settles}`);
      for (const areaId of t.areaIds) {
        if (Object.keys(t.counts).length > 0) addCounts(this.services, `${areaId}|${t.day}|${t.serviceCode}`, t.counts);
        if (t.team) addCounts(this.teams, `${areaId}|${t.day}|${t.team.teamId}`, t.team.counts);
      }
    }
    return { added, duplicates };
  }
  async serviceDays(areaId: string, from: string, to: string) {
    return inRange(this.services, areaId, from, to).map(([day, serviceCode, counts]) => ({ day, serviceCode, counts }));
  }
  async teamDays(areaId: string, from: string, to: string) {
    return inRange(this.teams, areaId, from, to).map(([day, teamId, counts]) => ({ day, teamId, counts }));
  }
}

function addCounts(map: Map<string, Record<string, number>>, key: string, counts: Readonly<Record<string, number>>) {
  const item = map.get(key) ?? {};
  for (const [name, n] of Object.entries(counts)) item[name] = (item[name] ?? 0) + n;
  map.set(key, item);
}

function inRange(
  map: Map<string, Record<string, number>>,
  areaId: string,
  from: string,
  to: string,
): Array<[string, string, Record<string, number>]> {
  return [...map.entries()].flatMap(([key, counts]) => {
    const [area, day, what] = key.split('|') as [string, string, string];
    return area === areaId && day >= from && day <= to ? [[day, what, { ...counts }] as [string, string, Record<string, number>]] : [];
  });
}
