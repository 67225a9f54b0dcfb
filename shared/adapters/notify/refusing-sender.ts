/** A channel the deployment does not send on (email `off`): every target is refused for good, saying why. */
import type { ChannelTarget } from '#shared/domain/team';
import { PermanentDeliveryError, type NotificationSender, type RenderedNotice } from '#shared/ports/notification-sender';

export class RefusingSender implements NotificationSender {
  constructor(private readonly reason: string) {}

  async send(_target: ChannelTarget, _notice: RenderedNotice): Promise<void> {
    throw new PermanentDeliveryError(this.reason);
  }
}
