/**
 * A real SMTP server in process (smtp-server, loopback): STARTTLS offered with its built-in
 * self-signed certificate, optional sign-in checked against one user and password, each
 * message kept decoded (recipients, subject, plain-text body). `refuse` decides per recipient
 * whether to answer with an SMTP error code instead; `replyDelayMs` makes it a slow server.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The client upgraded the connection with STARTTLS. */
  readonly secure: boolean;
  readonly user?: string;
}

export interface SmtpReceiver {
  readonly host: string;
  readonly port: number;
  readonly received: ReceivedMail[];
  /** An SMTP reply code to refuse `address` with (e.g. 550, 451); undefined accepts it. */
  refuse: (address: string) => number | undefined;
  /** How long the server waits before each reply (greeting, sign-in, sender, recipient, message). */
  replyDelayMs: number;
  close(): Promise<void>;
}

export async function startSmtpReceiver(credentials?: { user: string; password: string }): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const state = { refuse: (_: string): number | undefined => undefined, replyDelayMs: 0 };
  const later = (reply: () => void) => (state.replyDelayMs ? void setTimeout(reply, state.replyDelayMs) : reply());
  const server = new SMTPServer({
    authOptional: !credentials,
    authMethods: ['PLAIN', 'LOGIN'],
    // Sign-in over the plain connection too (loopback tests of tls: none).
    allowInsecureAuth: true,
    logger: false,
    onConnect(_session, callback) {
      later(() => callback());
    },
    onAuth(auth, _session, callback) {
      later(() => {
        if (credentials && auth.username === credentials.user && auth.password === credentials.password) {
          return callback(null, { user: auth.username });
        }
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      });
    },
    onMailFrom(_address, _session, callback) {
      later(() => callback());
    },
    onRcptTo(address, _session, callback) {
      later(() => {
        const code = state.refuse(address.address);
        if (code) return callback(Object.assign(new Error(`Mailbox refused: ${address.address}`), { responseCode: code }));
        return callback();
      });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          ...decodeMessage(Buffer.concat(chunks).toString('utf8')),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    received,
    get refuse() {
      return state.refuse;
    },
    set refuse(fn) {
      state.refuse = fn;
    },
    get replyDelayMs() {
      return state.replyDelayMs;
    },
    set replyDelayMs(ms) {
      state.replyDelayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers (unfolded, RFC 2047 words decoded) and the plain-text body of a single-part message. */
function decodeMessage(raw: string): { subject: string; text: string; headers: Record<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body.replace(/=\r\n/g, ''))
        : body;
  return { subject: headers.subject ?? '', text: text.replace(/\r\n$/, ''), headers };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : quotedPrintable(data.replace(/_/g, ' ')),
    );
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
