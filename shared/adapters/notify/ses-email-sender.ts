/**
 * Email through SES v2, plain text. Without a sender address email is not configured and
 * every email fails for good. A message or sender SES refuses is a permanent failure;
 * throttling, a paused account, service and network errors and a send past its time bounds
 * (`SEND_BOUNDS`: TimeoutError) are transient. Errors never carry the address, nor SES's own
 * message (it may quote the address).
 */
import { SendEmailCommand, SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import type { ChannelTarget } from '#shared/domain/team';
import {
  MisconfiguredDeliveryError,
  PermanentDeliveryError,
  type NotificationSender,
  type RenderedNotice,
} from '#shared/ports/notification-sender';
import { boundedRequestHandler, SEND_BOUNDS, type SdkCallBounds, withinBounds } from '../sdk-call-bounds';

const PERMANENT = new Set(['MessageRejected', 'BadRequestException']);
/** The sender's set-up: its domain no longer verified, the account suspended (an operator acts). */
const MISCONFIGURED = new Set(['MailFromDomainNotVerifiedException', 'AccountSuspendedException']);

export class SesEmailSender implements NotificationSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string | undefined,
    private readonly bounds: SdkCallBounds = SEND_BOUNDS,
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'email') throw new Error(`SesEmailSender cannot send to a ${target.kind} target`);
    if (!this.from) throw new MisconfiguredDeliveryError('email sending is not configured');
    const within = withinBounds(this.bounds);
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
        within,
      );
    } catch (error) {
      // Aborted, the SDK reports an AbortError, or a body cut short as a plain Error.
      const name = within.abortSignal.aborted ? 'TimeoutError' : error instanceof Error ? error.name : 'UnknownError';
      if (MISCONFIGURED.has(name)) throw new MisconfiguredDeliveryError(`email refused by SES (${name})`);
      if (PERMANENT.has(name)) throw new PermanentDeliveryError(`email refused by SES (${name})`);
      throw new Error(`email sending failed (${name})`);
    }
  }
}

/**
 * The sender with the container's SES client, its time bounds set (`notificationAdapters`
 * imports this module on the first email). Tests pass an endpoint and bounds.
 */
export function sesEmailSender(
  from: string | undefined,
  config: SESv2ClientConfig = {},
  bounds: SdkCallBounds = SEND_BOUNDS,
): SesEmailSender {
  return new SesEmailSender(new SESv2Client({ ...config, requestHandler: boundedRequestHandler(bounds) }), from, bounds);
}
