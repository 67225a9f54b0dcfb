/** The notification side in memory: the delivery log's and notice deliveries' contracts on Maps, and a sender that records. */
import type { ChannelTarget } from '#shared/domain/team';
import { DeliveryInFlightError, type DeliveryLog, type DeliveryOutcome, type DeliveryRun } from '#shared/ports/delivery-log';
import type { NoticeDeliveries, NoticeRef, TargetDelivery } from '#shared/ports/notice-deliveries';
import { outboxKey, type MemoryRequests } from './request-repository';
import type { RenderedNotice } from '#shared/domain/rendered-notice';
import type { NotificationSender } from '#shared/ports/notification-sender';

/** One outcome per key; a delivery in flight holds its key; a throwing delivery leaves no trace. */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly outcomes = new Map<string, DeliveryOutcome>();
  private readonly inFlight = new Set<string>();
  async once(key: string, deliver: () => Promise<DeliveryOutcome>) {
    const known = this.outcomes.get(key);
    if (known) return { outcome: known, fresh: false };
    if (this.inFlight.has(key)) throw new DeliveryInFlightError();
    this.inFlight.add(key);
    try {
      const outcome = await deliver();
      this.outcomes.set(key, outcome);
      return { outcome, fresh: true };
    } finally {
      this.inFlight.delete(key);
    }
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

/**
 * Each notice's outcomes per target, while its message is in the memory outbox; a notice whose
 * message is gone is settled. As `MemoryDeliveryLog`, a throwing delivery leaves no trace.
 */
export class MemoryNoticeDeliveries implements NoticeDeliveries {
  readonly outcomes = new Map<string, DeliveryOutcome>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly outbox: Pick<MemoryRequests, 'outboxMessages' | 'noticesSent' | 'remove'>) {}

  async deliver(
    notice: NoticeRef,
    targets: readonly TargetDelivery[],
    keepUnsent?: () => boolean,
  ): Promise<'settled' | Array<PromiseSettledResult<DeliveryRun>>> {
    const message = outboxKey(notice.requestId, notice.messageId);
    if (!this.outbox.outboxMessages.has(message)) return 'settled';
    const runs = await Promise.allSettled(targets.map((target) => this.one(message, target)));
    const refused = runs.every((r) => r.status === 'fulfilled' && r.value.outcome === 'refused');
    const kept = refused && keepUnsent?.() === true;
    if (!kept && runs.every((r) => r.status === 'fulfilled') && this.outbox.outboxMessages.has(message))
      await this.outbox.remove(notice.requestId, notice.messageId);
    return runs;
  }

  private async one(message: string, { key, deliver }: TargetDelivery): Promise<DeliveryRun> {
    if (!this.outbox.outboxMessages.has(message)) return { outcome: 'sent', fresh: false };
    const known = this.outcomes.get(`${message}|${key}`);
    if (known) return { outcome: known, fresh: false };
    if (this.inFlight.has(key)) throw new DeliveryInFlightError();
    this.inFlight.add(key);
    try {
      const outcome = await deliver();
      this.outcomes.set(`${message}|${key}`, outcome);
      if (outcome === 'sent') this.outbox.noticesSent.add(message);
      return { outcome, fresh: true };
    } finally {
      this.inFlight.delete(key);
    }
  }
}
