/**
 * Wraps the request repository so that every status change carries, in its own transaction,
 * the notices it calls for (`noticesFor`) and its fact for the statistics counters (`factOf`);
 * a new request carries its fact too. Both are sent straight after the commit. A failed send
 * costs nothing but time: each committed message stays in the outbox until its consumer
 * settles it, and the relay sends it again. No use case can forget to notify or to count.
 */
import { noticeOutboxMessage, noticesFor, noticesForNew } from '#shared/domain/notices';
import { factOf, factOutboxMessage } from '#shared/domain/request-fact';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { Clock } from '#shared/ports/clock';
import type { OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type {
  NewRequestRecord,
  OfferReservation,
  RequestRepository,
  ReservationOutcome,
  StatusChange,
} from '#shared/ports/request-repository';

export class ChangeAnnouncingRepository implements RequestRepository {
  constructor(
    private readonly inner: RequestRepository,
    private readonly clock: Clock,
    /**
     * Sends notices and facts after the commit. Absent, or without a URL for a queue (a
     * function that may not send to it): the relay sends them.
     */
    private readonly publisher?: QueuePublisher,
  ) {}

  async changeStatus(change: StatusChange): Promise<void> {
    const [withMessages, messages] = this.withMessages(change);
    await this.inner.changeStatus(withMessages);
    await this.send(messages);
  }

  async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    const [withMessages, messages] = this.withMessages(reservation);
    const outcome = await this.inner.reserveOffer(withMessages);
    if (outcome === 'offered') await this.send(messages);
    return outcome;
  }

  async releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'> {
    const [withMessages, messages] = this.withMessages(release);
    const outcome = await this.inner.releaseOffer(withMessages);
    if (outcome === 'released') await this.send(messages);
    return outcome;
  }

  async create(record: NewRequestRecord): Promise<void> {
    const now = this.clock.now();
    const fact = factOutboxMessage(factOf(undefined, record.request, record.events[0]), now);
    const notices = noticesForNew(record.request).map((n) => noticeOutboxMessage(n, now));
    await this.inner.create({ ...record, outbox: [...record.outbox, ...notices, fact] });
    await this.send([...notices, fact]);
  }
  get(id: string) {
    return this.inner.get(id);
  }
  getWithTimeline(id: string) {
    return this.inner.getWithTimeline(id);
  }
  findByTrackingCode(code: string) {
    return this.inner.findByTrackingCode(code);
  }
  findIdempotency(keyHash: string) {
    return this.inner.findIdempotency(keyHash);
  }
  update(before: ServiceRequest, after: ServiceRequest) {
    return this.inner.update(before, after);
  }
  dueForSweep(now: string, limit: number) {
    return this.inner.dueForSweep(now, limit);
  }
  escalated(limit: number) {
    return this.inner.escalated(limit);
  }
  openForTeam(teamId: string, status: 'OFFERED' | 'ACCEPTED', limit: number) {
    return this.inner.openForTeam(teamId, status, limit);
  }
  waiting(serviceCode: string, limit: number) {
    return this.inner.waiting(serviceCode, limit);
  }
  listCreated(districtId: string, month: string, areaPrefix: string) {
    return this.inner.listCreated(districtId, month, areaPrefix);
  }
  addNote(event: TimelineEvent) {
    return this.inner.addNote(event);
  }

  /** The change with its notices and its fact added to its outbox, and those messages. */
  private withMessages<C extends StatusChange>(change: C): [C, OutboxMessage[]] {
    const now = this.clock.now();
    const notices = noticesFor(change.before, change.after).map((n) => noticeOutboxMessage(n, now));
    const messages = [...notices, factOutboxMessage(factOf(change.before, change.after, change.event), now)];
    return [{ ...change, outbox: [...(change.outbox ?? []), ...messages] }, messages];
  }

  private async send(messages: readonly OutboxMessage[]): Promise<void> {
    if (!this.publisher) return;
    for (const message of messages) await this.publisher.publish(message).catch(() => undefined);
  }
}
