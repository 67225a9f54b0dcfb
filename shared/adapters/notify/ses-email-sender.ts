/**
 * Email through SES v2, plain text. Without a sender address email is not configured and
 * every email fails for good. A message or sender SES refuses is a permanent failure;
 * throttling, a paused account, service and network errors are transient. Errors never
 * carry the address, nor SES's own message (it may quote the address).
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { ChannelTarget } from '#shared/domain/team';
import { PermanentDeliveryError, type NotificationSender, type RenderedNotice } from '#shared/ports/notification-sender';

const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'AccountSuspendedException']);

export class SesEmailSender implements NotificationSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string | undefined,
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'email') throw new Error(`SesEmailSender cannot send to a ${target.kind} target`);
    if (!this.from) throw new PermanentDeliveryError('email sending is not configured');
    try {
      await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [target.address] },
          Content: {
            Simple: {
              Subject: { Data: notice.title, Charset: 'UTF-8' },
              Body: { Text: { Data: notice.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      if (PERMANENT.has(name)) throw new PermanentDeliveryError(`email refused by SES (${name})`);
      throw new Error(`email sending failed (${name})`);
    }
  }
}

/** The sender with the container's SES client (`notificationAdapters` imports this module on the first email). */
export function sesEmailSender(from: string | undefined): SesEmailSender {
  return new SesEmailSender(new SESv2Client({}), from);
}
