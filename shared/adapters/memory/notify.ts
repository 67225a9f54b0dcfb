/** The notification side in memory: the delivery log's contract on a Map, and a sender that records. */
import type { ChannelTarget } from '#shared/domain/team';
import { DeliveryInFlightError, type DeliveryLog, type DeliveryOutcome } from '#shared/ports/delivery-log';
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
