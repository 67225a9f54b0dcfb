/**
 * A sender whose module loads on its first send: a mainland SMS SDK or nodemailer is evaluated
 * only in a deployment that chose it. A failed load is not remembered.
 */
import type { ChannelTarget } from '#shared/domain/team';
import type { NotificationSender, RenderedNotice } from '#shared/ports/notification-sender';

export class LazySender implements NotificationSender {
  private sender: Promise<NotificationSender> | undefined;

  constructor(private readonly load: () => Promise<NotificationSender>) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    this.sender ??= this.load().catch((error: unknown) => {
      this.sender = undefined;
      throw error;
    });
    return (await this.sender).send(target, notice);
  }
}
