/**
 * Wraps the request repository so that every status change carries, in its own transaction,
 * the notices it calls for (`noticesFor`) and its fact for the statistics (`factOf`, stored
 * beside the request: `StatsFacts`); a new request carries its fact too. Notices are sent
 * straight after the commit. A failed send costs nothing but time: each committed notice stays
 * in the outbox until its consumer settles it, and the relay sends it again. No use case can
 * forget to notify or to count.
 *
 * Only the four writes that change a request announce (`RequestChanges`), and an `update` that
 * makes a new version carries its fact (no notice); every other method is the inner
 * repository's own, reached through a proxy, so none is forwarded by hand and a method added to
 * the port needs nothing here.
 */
import { noticeOutboxMessage, noticesFor, noticesForNew } from '#shared/domain/notices';
import { factOf } from '#shared/domain/request-fact';
import type { Clock } from '#shared/ports/clock';
import type { OutboxMessage } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type {
  NewRequestRecord,
  OfferReservation,
  RequestChanges,
  RequestRepository,
  ReservationOutcome,
  StatusChange,
} from '#shared/ports/request-repository';

/**
 * `inner` with its status changes announced. `publisher` sends notices after the commit; absent, or without a URL for a queue (a function that may not send to it), the relay
 * sends them.
 */
export function announcingChanges(inner: RequestRepository, clock: Clock, publisher?: QueuePublisher): RequestRepository {
  const announcer = new ChangeAnnouncer(inner, clock, publisher);
  const announced: RequestChanges = {
    create: (record) => announcer.create(record),
    changeStatus: (change) => announcer.changeStatus(change),
    reserveOffer: (reservation) => announcer.reserveOffer(reservation),
    releaseOffer: (release) => announcer.releaseOffer(release),
  };
  // A write of the same status that makes a new version (a complaint's mark) has its fact too, in its write.
  const update: RequestRepository['update'] = (before, after) =>
    after.version === before.version ? inner.update(before, after) : inner.update(before, after, factOf(before, after));
  return new Proxy(inner, {
    get(target, key) {
      if (Object.hasOwn(announced, key)) return announced[key as keyof RequestChanges];
      if (key === 'update') return update;
      const value: unknown = Reflect.get(target, key, target);
      // Bound, so the inner repository's methods run on itself, never on the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

class ChangeAnnouncer implements RequestChanges {
  constructor(
    private readonly inner: RequestChanges,
    private readonly clock: Clock,
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
    const fact = factOf(undefined, record.request, record.events[0]);
    const notices = noticesForNew(record.request).map((n) => noticeOutboxMessage(n, now));
    await this.inner.create({ ...record, outbox: [...record.outbox, ...notices], fact });
    await this.send(notices);
  }

  /** The change with its notices added to its outbox and its fact, and those notices. */
  private withMessages<C extends StatusChange>(change: C): [C, OutboxMessage[]] {
    const now = this.clock.now();
    const notices = noticesFor(change.before, change.after, change.event.actor).map((n) => noticeOutboxMessage(n, now));
    const fact = factOf(change.before, change.after, change.event);
    return [{ ...change, outbox: [...(change.outbox ?? []), ...notices], fact }, notices];
  }

  private async send(messages: readonly OutboxMessage[]): Promise<void> {
    if (!this.publisher) return;
    for (const message of messages) await this.publisher.publish(message).catch(() => undefined);
  }
}
