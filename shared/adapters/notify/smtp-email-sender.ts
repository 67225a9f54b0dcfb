/**
 * Email through the center's own mail service over SMTP (nodemailer), where SES does not exist
 * (the AWS China regions): plain text, the title as subject, from the configured sender. The
 * password, when the server wants one, comes from Secrets Manager (`SecretJson`: read on the
 * first email, again when it is old or the server refused it).
 *
 * Outcomes, like the webhook's: a 5xx reply to the message or a recipient (no such mailbox,
 * refused) is permanent; 4xx replies, a refused login (the operator fixes the secret),
 * timeouts (each stage, and ten seconds for the whole message) and connection errors are transient. Errors carry the SMTP code only, never the
 * address nor the server's text (it may quote the address).
 */
import type { ConnectionOptions } from 'node:tls';
import nodemailer from 'nodemailer';
import type { ChannelTarget } from '#shared/domain/team';
import { PermanentDeliveryError, type NotificationSender, type RenderedNotice } from '#shared/ports/notification-sender';
import type { SecretSource } from '../secrets/secret-json';

/** `starttls`: plain connection upgraded, TLS required (port 587); `tls`: TLS from the start (465); `none`: no TLS (loopback relays only). */
export type SmtpTls = 'starttls' | 'tls' | 'none';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: SmtpTls;
  /** Sign in as this user with the secret's password; no sign-in when absent. */
  readonly user?: string;
  /** The sender address (EMAIL_FROM). */
  readonly from: string;
  /** Each stage: the connection, the greeting, any quiet on the socket. @default 10_000 */
  readonly timeoutMs?: number;
  /** The whole message, connection to the server's last reply (a slow server's stages add up). @default 10_000 */
  readonly totalTimeoutMs?: number;
  /** Tests only: e.g. trust the in-process server's self-signed certificate. */
  readonly tlsOptions?: ConnectionOptions;
}

export interface SmtpSecret {
  readonly password: string;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

export class SmtpEmailSender implements NotificationSender {
  /** The transport, and the secret it signs in with. */
  private transport: { readonly secret: SmtpSecret | undefined; readonly transport: Transport } | undefined;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly secret: SecretSource<SmtpSecret> | undefined,
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    if (target.kind !== 'email') throw new Error(`SmtpEmailSender cannot send to a ${target.kind} target`);
    const transport = await this.connect();
    try {
      await transport.sendMail({
        from: this.settings.from,
        to: target.address,
        subject: notice.title,
        text: notice.text,
        // Mail clients group a notice's resends; the event id is unique per notice.
        headers: { 'X-Paidan-Event': notice.eventId },
        // Aborted, the connection is closed: the notice comes back rather than hold up its batch.
        signal: AbortSignal.timeout(this.settings.totalTimeoutMs ?? 10_000),
      });
    } catch (error) {
      if ((error as { code?: unknown } | undefined)?.code === 'EAUTH') this.secret?.refused();
      throw smtpError(error);
    }
  }

  /** A transport for the password the source holds now, built again when it hands over another. */
  private async connect(): Promise<Transport> {
    const { host, port, tls, user, timeoutMs = 10_000, tlsOptions } = this.settings;
    const secret = user && this.secret ? await this.secret.get() : undefined;
    if (this.transport && this.transport.secret === secret) return this.transport.transport;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure: tls === 'tls',
      requireTLS: tls === 'starttls',
      ignoreTLS: tls === 'none',
      ...(user ? { auth: { user, pass: secret?.password ?? '' } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      ...(tlsOptions ? { tls: tlsOptions } : {}),
    });
    this.transport = { secret, transport };
    return transport;
  }
}

function smtpError(error: unknown): Error {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' && /^[A-Z]+$/.test(e.code) ? e.code : 'unknown';
  if (code === 'EABORT') return new Error('email sending timed out');
  const shown = reply ? `${code} ${reply}` : code;
  if (code !== 'EAUTH' && reply !== undefined && reply >= 500)
    return new PermanentDeliveryError(`email refused by the mail server (${shown})`);
  return new Error(`email sending failed (${shown})`);
}
