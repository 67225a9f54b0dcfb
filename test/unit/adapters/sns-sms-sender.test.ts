import { InternalErrorException, InvalidParameterException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../support/rejection';
import { SnsSmsSender } from '#shared/adapters/notify/sns-sms-sender';
import { PermanentDeliveryError, ThrottledDeliveryError, type RenderedNotice } from '#shared/ports/notification-sender';

const sns = mockClient(SNSClient);
beforeEach(() => sns.reset());

const phone = '+8613912345678';
const notice: RenderedNotice = {
  eventId: 'e1',
  kind: 'offer',
  title: '新派单',
  text: '新派单：家电维修，科大社区，请在30分钟内回复。',
  markdown: '### 新派单',
  data: {},
};
const sender = () => new SnsSmsSender(new SNSClient({ region: 'cn-north-1' }));
const snsError = (name: string) => Object.assign(new Error(`Invalid parameter: PhoneNumber Reason: ${phone} is not valid`), { name });

const failure = (promise: Promise<void>) => rejection(promise, [phone, '13912345678']);

describe('SnsSmsSender', () => {
  it('publishes the text to the number as a transactional SMS', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    await sender().send({ kind: 'sms', phone }, notice);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      PhoneNumber: phone,
      Message: notice.text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it.each(['InvalidParameterException', 'InvalidParameterValueException', 'OptedOutException'])(
    'takes %s as permanent, without the number',
    async (name) => {
      sns.on(PublishCommand).rejects(snsError(name));
      const e = await failure(sender().send({ kind: 'sms', phone }, notice));
      expect(e).toBeInstanceOf(PermanentDeliveryError);
      expect(e.message).toContain(name);
    },
  );

  it('recognizes the SDK exception class', async () => {
    sns.on(PublishCommand).rejects(new InvalidParameterException({ message: `Invalid parameter: ${phone}`, $metadata: {} }));
    expect(await failure(sender().send({ kind: 'sms', phone }, notice))).toBeInstanceOf(PermanentDeliveryError);
  });

  it.each(['ThrottledException', 'AuthorizationErrorException', 'KMSThrottlingException', 'TimeoutError', 'Error'])(
    'takes %s as transient, without the number',
    async (name) => {
      sns.on(PublishCommand).rejects(snsError(name));
      const e = await failure(sender().send({ kind: 'sms', phone }, notice));
      expect(e).not.toBeInstanceOf(PermanentDeliveryError);
      expect(e instanceof ThrottledDeliveryError).toBe(name === 'ThrottledException');
      expect(e.message).toContain(name);
    },
  );

  it('takes an internal SNS error as transient', async () => {
    sns.on(PublishCommand).rejects(new InternalErrorException({ message: `failed for ${phone}`, $metadata: {} }));
    const e = await failure(sender().send({ kind: 'sms', phone }, notice));
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('refuses other kinds of target without publishing', async () => {
    await expect(sender().send({ kind: 'email', address: 'team@example.org' }, notice)).rejects.toThrow(/sms|email/);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
