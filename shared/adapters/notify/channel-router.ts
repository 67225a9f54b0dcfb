/** The NotificationSender for every channel: hands each target to the sender of its kind. */
import type { ChannelTarget } from '#shared/domain/team';
import type { NotificationSender, RenderedNotice } from '#shared/ports/notification-sender';

export class ChannelRouter implements NotificationSender {
  constructor(private readonly senders: Readonly<Record<ChannelTarget['kind'], NotificationSender>>) {}

  send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    return this.senders[target.kind].send(target, notice);
  }
}
