/** The SMTP email sender (nodemailer) against a real SMTP server in process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedSecret } from '../../support/fixed-secret';
import { SmtpEmailSender, type SmtpSettings } from '#shared/adapters/notify/smtp-email-sender';
import * as z from '#shared/domain/zod';
import { PermanentDeliveryError, type RenderedNotice } from '#shared/ports/notification-sender';
import { localSecret, putAfterRefusal } from '../../support/local-secret';
import { rejection } from '../../support/rejection';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtp-receiver';

const address = 'wang.xiulan@example.org';
const notice: RenderedNotice = {
  eventId: 'req-1#v2#offer',
  kind: 'offer',
  title: '新派单：家电维修',
  text: '【社区志愿服务】新派单：家电维修，科大社区。请于12月5日 18:05前接单或拒单：https://paidan.example.cn/offers/req-1',
  markdown: '### 新派单',
  data: {},
};
const credentials = { user: 'paidan', password: 'smtp-password-0123' };
let server: SmtpReceiver;
beforeAll(async () => {
  server = await startSmtpReceiver(credentials);
});
afterAll(async () => {
  await server?.close();
});

const settings = (over: Partial<SmtpSettings> = {}): SmtpSettings => ({
  host: server.host,
  port: server.port,
  tls: 'starttls',
  user: credentials.user,
  from: 'notices@paidan.example.cn',
  timeoutMs: 5000,
  // The in-process server's certificate is self-signed for localhost.
  tlsOptions: { rejectUnauthorized: false },
  ...over,
});
const sender = (over: Partial<SmtpSettings> = {}, password = credentials.password) =>
  new SmtpEmailSender(settings(over), fixedSecret({ password }));
const failure = (promise: Promise<void>) => rejection(promise, [address, 'wang.xiulan']);

describe('SmtpEmailSender', () => {
  it('delivers the title as subject and the text as body to the recipient, over STARTTLS, signed in', async () => {
    server.refuse = () => undefined;
    const before = server.received.length;
    await sender().send({ kind: 'email', address }, notice);
    const mail = server.received[before]!;
    expect(mail).toMatchObject({ from: 'notices@paidan.example.cn', to: [address], subject: notice.title, secure: true, user: 'paidan' });
    expect(mail.text).toBe(notice.text);
    expect(mail.headers['x-paidan-event']).toBe(notice.eventId);
  });

  it('sends over a plain loopback connection when TLS is off', async () => {
    const before = server.received.length;
    await sender({ tls: 'none' }).send({ kind: 'email', address }, notice);
    expect(server.received[before]).toMatchObject({ to: [address], subject: notice.title, secure: false });
  });

  it('takes a recipient the server refuses for good (550) as permanent, without the address', async () => {
    server.refuse = (a) => (a === address ? 550 : undefined);
    const e = await failure(sender().send({ kind: 'email', address }, notice));
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toContain('550');
  });

  it('takes a temporary refusal (451) as transient', async () => {
    server.refuse = (a) => (a === address ? 451 : undefined);
    const e = await failure(sender().send({ kind: 'email', address }, notice));
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toContain('451');
  });

  it('takes a refused sign-in as transient, tells the password’s source, and signs in with the password it holds next', async () => {
    server.refuse = () => undefined;
    let refusals = 0;
    const secret = { password: 'wrong-password', get: async () => ({ password: secret.password }), refused: () => void refusals++ };
    const s = new SmtpEmailSender(settings(), secret);
    const e = await failure(s.send({ kind: 'email', address }, notice));
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toContain('EAUTH');
    expect(refusals).toBe(1);
    secret.password = credentials.password;
    const before = server.received.length;
    await s.send({ kind: 'email', address }, notice);
    expect(server.received[before]).toMatchObject({ to: [address], user: 'paidan' });
  });

  it('takes up a password put in Secrets Manager after the placeholder was refused, reading it at most once a minute', async () => {
    server.refuse = () => undefined;
    const secret = await localSecret(z.object({ password: z.string() }), { password: 'x7Gq2-generated-placeholder' });
    try {
      const s = new SmtpEmailSender(settings(), secret.source);
      await putAfterRefusal(secret, credentials, () => s.send({ kind: 'email', address }, notice));
      const before = server.received.length;
      await s.send({ kind: 'email', address }, notice);
      await s.send({ kind: 'email', address: 'li.wei@example.org' }, notice);
      expect(server.received.slice(before).map((m) => m.to)).toEqual([[address], ['li.wei@example.org']]);
      expect(secret.reads).toBe(2);
    } finally {
      await secret.close();
    }
  });

  it('gives up on a slow server after its whole-message limit, each reply within the stage timeout, as transient', async () => {
    server.refuse = () => undefined;
    server.replyDelayMs = 300;
    try {
      const before = server.received.length;
      const started = Date.now();
      const e = await failure(sender({ timeoutMs: 1000, totalTimeoutMs: 800 }).send({ kind: 'email', address }, notice));
      expect(Date.now() - started).toBeLessThan(1300);
      expect(e).not.toBeInstanceOf(PermanentDeliveryError);
      expect(e.message).toBe('email sending timed out');
      expect(server.received.length).toBe(before);
    } finally {
      server.replyDelayMs = 0;
    }
  });

  it('takes an unreachable server as transient', async () => {
    const closed = await startSmtpReceiver();
    await closed.close();
    const e = await failure(sender({ port: closed.port }).send({ kind: 'email', address }, notice));
    expect(e).not.toBeInstanceOf(PermanentDeliveryError);
  });
});
