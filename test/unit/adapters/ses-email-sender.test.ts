import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../support/rejection';
import { SesEmailSender } from '#shared/adapters/notify/ses-email-sender';
import { PermanentDeliveryError, type RenderedNotice } from '#shared/ports/notification-sender';

const ses = mockClient(SESv2Client);
beforeEach(() => ses.reset());

const address = 'wang.xiulan@example.org';
const from = '派单通知 <notify@paidan.example.cn>';
const notice: RenderedNotice = {
  eventId: 'e1',
  kind: 'accepted',
  title: '您的请求已被接单',
  text: '科大社区家电维修队已接单，将在约定时间上门。',
  markdown: '### 已接单',
  data: {},
};
const sender = (fromAddress: string | undefined = from) => new SesEmailSender(new SESv2Client({ region: 'cn-northwest-1' }), fromAddress);
const sesError = (name: string) =>
  Object.assign(new Error(`Email address is not verified. The following identities failed the check: ${address}`), { name });

const failure = (promise: Promise<void>) => rejection(promise, [address, 'wang.xiulan']);

describe('SesEmailSender', () => {
  it('sends the title as subject and the text as a UTF-8 plain-text body', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    await sender().send({ kind: 'email', address }, notice);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: from,
      Destination: { ToAddresses: [address] },
      Content: {
        Simple: {
          Subject: { Data: notice.title, Charset: 'UTF-8' },
          Body: { Text: { Data: notice.text, Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('fails for good without a sender address, without calling SES', async () => {
    for (const none of [undefined, '']) {
      const e = await failure(
        new SesEmailSender(new SESv2Client({ region: 'cn-northwest-1' }), none).send({ kind: 'email', address }, notice),
      );
      expect(e).toBeInstanceOf(PermanentDeliveryError);
      expect(e.message).toBe('email sending is not configured');
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it.each(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'AccountSuspendedException'])(
    'takes %s as permanent, without the address',
    async (name) => {
      ses.on(SendEmailCommand).rejects(sesError(name));
      const e = await failure(sender().send({ kind: 'email', address }, notice));
      expect(e).toBeInstanceOf(PermanentDeliveryError);
      expect(e.message).toContain(name);
    },
  );

  it('recognizes the SDK exception classes', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: `rejected ${address}`, $metadata: {} }));
    expect(await failure(sender().send({ kind: 'email', address }, notice))).toBeInstanceOf(PermanentDeliveryError);
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: `slow down ${address}`, $metadata: {} }));
    expect(await failure(sender().send({ kind: 'email', address }, notice))).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it.each([
    'TooManyRequestsException',
    'LimitExceededException',
    'SendingPausedException',
    'InternalServiceErrorException',
    'TimeoutError',
  ])('takes %s as transient, without the address', async (name) => {
    ses.on(SendEmailCommand).rejects(sesError(name));
    const e = await failure(sender().send({ kind: 'email', address }, notice));
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toContain(name);
  });

  it('refuses other kinds of target without calling SES', async () => {
    await expect(sender().send({ kind: 'sms', phone: '+8613912345678' }, notice)).rejects.toThrow(/sms/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
