/**
 * SMS through SNS (transactional). A number SNS refuses (invalid, opted out) is a permanent
 * failure; throttling (ThrottledDeliveryError), service, permission and network errors are transient. Errors never
 * carry the phone number, nor SNS's own message (it may quote the number).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ChannelTarget } from '#shared/domain/team';
import {
  PermanentDeliveryError,
  ThrottledDeliveryError,
  type NotificationSender,
  type RenderedNotice,
} from '#shared/ports/notification-sender';

const PERMANENT = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'ValidationException',
  'OptedOutException',
  'EndpointDisabledException',
]);

export class SnsSmsSender implements NotificationSender {
  constructor(private readonly sns: SNSClient) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'sms') throw new Error(`SnsSmsSender cannot send to a ${target.kind} target`);
    try {
      await this.sns.send(
        new PublishCommand({
          PhoneNumber: target.phone,
          Message: notice.text,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      if (PERMANENT.has(name)) throw new PermanentDeliveryError(`SMS refused by SNS (${name})`);
      if (name === 'ThrottledException') throw new ThrottledDeliveryError(`SMS publish failed (${name})`);
      throw new Error(`SMS publish failed (${name})`);
    }
  }
}

/** The sender with the container's SNS client (`smsSender` imports this module on the first SMS). */
export function snsSmsSender(): SnsSmsSender {
  return new SnsSmsSender(new SNSClient({}));
}
