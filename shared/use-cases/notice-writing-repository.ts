/**
 * Wraps the request repository so that every status change carries the notices it calls for
 * (`noticesFor`) in its own transaction, and sends them straight after the commit. A failed
 * send costs nothing but time: the committed notice stays in the outbox until the consumer
 * settles it, and the relay sends it again. No use case can forget to notify.
 */
import { noticeOutboxMessage, noticesFor } from '#shared/domain/notices';
import type { ServiceRequest } from '#shared/domain/service-request';
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

export class NoticeWritingRepository implements RequestRepository {
  constructor(
    private readonly inner: RequestRepository,
    private readonly clock: Clock,
    /** Absent in functions that may not send to the notify queue; the relay sends then. */
    private readonly publisher?: QueuePublisher,
  ) {}

  async changeStatus(change: StatusChange): Promise<void> {
    const [withNotices, notices] = this.withNotices(change);
    await this.inner.changeStatus(withNotices);
    await this.send(notices);
  }

  async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    const [withNotices, notices] = this.withNotices(reservation);
    const outcome = await this.inner.reserveOffer(withNotices);
    if (outcome === 'offered') await this.send(notices);
    return outcome;
  }

  async releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'> {
    const [withNotices, notices] = this.withNotices(release);
    const outcome = await this.inner.releaseOffer(withNotices);
    if (outcome === 'released') await this.send(notices);
    return outcome;
  }

  create(record: NewRequestRecord) {
    return this.inner.create(record);
  }
  get(id: string) {
    return this.inner.get(id);
  }
  getWithTimeline(id: string) {
    return this.inner.getWithTimeline(id);
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

  private withNotices<C extends StatusChange>(change: C): [C, OutboxMessage[]] {
    const now = this.clock.now();
    const notices = noticesFor(change.before, change.after).map((n) => noticeOutboxMessage(n, now));
    if (notices.length === 0) return [change, notices];
    return [{ ...change, outbox: [...(change.outbox ?? []), ...notices] }, notices];
  }

  private async send(notices: readonly OutboxMessage[]): Promise<void> {
    if (!this.publisher) return;
    for (const notice of notices) await this.publisher.publish(notice).catch(() => undefined);
  }
}
