/**
 * SMS through SNS (transactional). A number SNS refuses (invalid, opted out) is a permanent
 * failure; throttling (ThrottledDeliveryError), service, permission and network errors and a
 * publish past its time bounds (`SEND_BOUNDS`: TimeoutError) are transient. Errors never
 * carry the phone number, nor SNS's own message (it may quote the number).
 */
import { PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import type { ChannelTarget } from '#shared/domain/team';
import {
  PermanentDeliveryError,
  RecipientRefusedDeliveryError,
  ThrottledDeliveryError,
  type NotificationSender,
  type RenderedNotice,
} from '#shared/ports/notification-sender';
import { boundedRequestHandler, SEND_BOUNDS, type SdkCallBounds, withinBounds } from '../sdk-call-bounds';

const PERMANENT = new Set(['InvalidParameterValueException', 'ValidationException']);
/** The number: invalid (SNS names `PhoneNumber` as the invalid parameter), opted out, or its endpoint disabled. */
const RECIPIENT = new Set(['InvalidParameterException', 'OptedOutException', 'EndpointDisabledException']);

export class SnsSmsSender implements NotificationSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly bounds: SdkCallBounds = SEND_BOUNDS,
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'sms') throw new Error(`SnsSmsSender cannot send to a ${target.kind} target`);
    const within = withinBounds(this.bounds);
    try {
      await this.sns.send(
        new PublishCommand({
          PhoneNumber: target.phone,
          Message: notice.text,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
        within,
      );
    } catch (error) {
      // Aborted, the SDK reports an AbortError, or a body cut short as a plain Error.
      const name = within.abortSignal.aborted ? 'TimeoutError' : error instanceof Error ? error.name : 'UnknownError';
      if (RECIPIENT.has(name)) throw new RecipientRefusedDeliveryError(`SMS refused by SNS (${name})`);
      if (PERMANENT.has(name)) throw new PermanentDeliveryError(`SMS refused by SNS (${name})`);
      if (name === 'ThrottledException') throw new ThrottledDeliveryError(`SMS publish failed (${name})`);
      throw new Error(`SMS publish failed (${name})`);
    }
  }
}

/**
 * The sender with the container's SNS client, its time bounds set (`smsSender` imports this
 * module on the first SMS; the notify consumer at cold start). Tests pass an endpoint and bounds.
 */
export function snsSmsSender(config: SNSClientConfig = {}, bounds: SdkCallBounds = SEND_BOUNDS): SnsSmsSender {
  return new SnsSmsSender(new SNSClient({ ...config, requestHandler: boundedRequestHandler(bounds) }), bounds);
}
