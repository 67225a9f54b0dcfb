/**
 * The end-to-end benchmark's client, in a process of its own (as residents and teams are outside
 * the system): it POSTs the submissions it is sent, at a fixed rate or with a fixed number in
 * flight, and is every benchmark team's webhook, noting when each offer notice arrives.
 * Times are epoch milliseconds (performance.timeOrigin + performance.now()), comparable with the
 * parent's. Talks to the parent over the fork IPC channel.
 */
import { createServer } from 'node:http';

export interface RunOrder {
  readonly kind: 'run';
  readonly apiUrl: string;
  readonly bodies: unknown[];
  /** Requests a second, started on schedule whatever is in flight; or `inFlight` at once. */
  readonly pace: { readonly rate: number } | { readonly inFlight: number };
  /** Give up waiting for notices this long after the last POST. */
  readonly drainMs: number;
}

export interface Post {
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly status: number;
  readonly id?: string;
}

export interface RunReport {
  readonly kind: 'report';
  readonly posts: Post[];
  /** First offer notice per request id. */
  readonly notices: Record<string, number>;
}

const now = () => performance.timeOrigin + performance.now();
const notices = new Map<string, number>();
let waitingFor = new Set<string>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = now();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event?: string; requestId?: string };
      if (body.event === 'offer' && body.requestId && !notices.has(body.requestId)) {
        notices.set(body.requestId, at);
        waitingFor.delete(body.requestId);
      }
    } catch {
      // not a notice of ours
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.send!({ kind: 'ready', url: `http://127.0.0.1:${port}` });
});

async function post(apiUrl: string, body: unknown): Promise<Post> {
  const sentAt = now();
  try {
    const res = await fetch(`${apiUrl}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const reply = (await res.json()) as { id?: string };
    return { sentAt, answeredAt: now(), status: res.status, ...(reply.id ? { id: reply.id } : {}) };
  } catch {
    return { sentAt, answeredAt: now(), status: 0 };
  }
}

async function run(order: RunOrder): Promise<RunReport> {
  const posts: Post[] = new Array(order.bodies.length);
  waitingFor = new Set();
  const track = (i: number) => (p: Post) => {
    posts[i] = p;
    if (p.id && !notices.has(p.id)) waitingFor.add(p.id);
  };
  if ('rate' in order.pace) {
    const start = now();
    const gap = 1000 / order.pace.rate;
    const sent: Array<Promise<void>> = [];
    for (let i = 0; i < order.bodies.length; i++) {
      const due = start + i * gap;
      const wait = due - now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      sent.push(post(order.apiUrl, order.bodies[i]).then(track(i)));
    }
    await Promise.all(sent);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: order.pace.inFlight }, async () => {
        while (next < order.bodies.length) {
          const i = next++;
          track(i)(await post(order.apiUrl, order.bodies[i]));
        }
      }),
    );
  }
  const deadline = now() + order.drainMs;
  while (waitingFor.size > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const ids = new Set(posts.flatMap((p) => (p.id ? [p.id] : [])));
  return { kind: 'report', posts, notices: Object.fromEntries([...notices].filter(([id]) => ids.has(id))) };
}

process.on('message', (order: RunOrder) => {
  void run(order).then((report) => process.send!(report));
});
process.on('disconnect', () => server.close(() => process.exit(0)));
