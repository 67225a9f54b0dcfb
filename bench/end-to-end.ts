/**
 * End to end on the local stack: N submissions POSTed over HTTP by the client process
 * (`load-client.ts`), once at a fixed rate and once as fast as a fixed number in flight allows.
 * Per request: POST → OFFERED (the offer's `offeredAt`, stamped by dispatch-request just before
 * its transaction commits, read back afterwards) and POST → the offer notice's arrival at the
 * team's webhook (the client is every team's webhook).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { tableAdapters } from '#shared/wiring/composition';
import { validSubmission } from '../test/support/http';
import { teamFixture } from '../test/support/fixtures';
import type { Post, RunOrder, RunReport } from './load-client';
import { percentiles, type Percentiles } from './percentiles';

type Adapters = ReturnType<typeof tableAdapters>;

export interface Client {
  readonly hookUrl: string;
  run(order: Omit<RunOrder, 'kind'>): Promise<RunReport>;
  stop(): void;
}

export async function startClient(): Promise<Client> {
  const child: ChildProcess = fork(new URL('./load-client.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hookUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`load client exited (${code})`)));
  });
  return {
    hookUrl,
    run: (order) =>
      new Promise((resolve) => {
        child.once('message', (m: RunReport) => resolve(m));
        child.send({ kind: 'run', ...order });
      }),
    stop: () => child.disconnect(),
  };
}

export interface TeamSetup {
  readonly teams: number;
  readonly communities: string[];
  readonly capacity: number;
}

/** Teams spread evenly over the communities, each serving its own; every one a `json` webhook. */
export async function registerTeams(adapters: Adapters, hookUrl: string, setup: TeamSetup): Promise<void> {
  const all = Array.from({ length: setup.teams }, (_, i) => {
    const community = setup.communities[i % setup.communities.length]!;
    return teamFixture(`e2e-${String(i).padStart(4, '0')}`, {
      stationAreaId: community,
      servesAreaId: community,
      capacity: setup.capacity,
      rating: 4 + (i % 10) / 10,
      channels: [{ kind: 'webhook', url: `${hookUrl}/e2e-${i}`, format: 'json', secret: 'bench-webhook-secret-0123456789' }],
    });
  });
  for (let i = 0; i < all.length; i += 20) await Promise.all(all.slice(i, i + 20).map((t) => adapters.teams.register(t, t.services)));
}

let phone = 0;
/** The demo appliance-repair request, in turn in each community, each from its own phone. */
export function submissions(n: number, communities: string[]): unknown[] {
  return Array.from({ length: n }, (_, i) =>
    validSubmission({ areaId: communities[i % communities.length], phone: `139${String(phone++).padStart(8, '0')}` }),
  );
}

export interface Phase {
  readonly name: string;
  readonly pace: string;
  readonly requests: number;
  readonly accepted: number;
  readonly refused: Record<string, number>;
  readonly offered: number;
  readonly notified: number;
  /** First POST to last offer notice. */
  readonly seconds: number;
  /** Orders offered and notified a second over that span. */
  readonly ordersPerSecond: number;
  /** POSTs answered a second (first sent to last answered). */
  readonly submitsPerSecond: number;
  readonly postAnswer: Percentiles;
  readonly toOffered: Percentiles;
  readonly toNotice: Percentiles;
  /** Sorted latencies, for the chart. */
  readonly samples: { readonly toOffered: number[]; readonly toNotice: number[] };
}

export async function runPhase(
  client: Client,
  adapters: Adapters,
  apiUrl: string,
  name: string,
  pace: RunOrder['pace'],
  bodies: unknown[],
): Promise<Phase> {
  const report = await client.run({ apiUrl, bodies, pace, drainMs: 120_000 });
  const posts = report.posts.filter((p): p is Post & { id: string } => p.status === 201 && !!p.id);
  const refused: Record<string, number> = {};
  for (const p of report.posts) if (p.status !== 201) refused[p.status] = (refused[p.status] ?? 0) + 1;
  const offeredAt = new Map<string, number>();
  for (let i = 0; i < posts.length; i += 50) {
    const stored = await Promise.all(posts.slice(i, i + 50).map((p) => adapters.requests.get(p.id)));
    for (const r of stored) if (r?.offer) offeredAt.set(r.id, Date.parse(r.offer.offeredAt));
  }
  const toOffered = posts.flatMap((p) => (offeredAt.has(p.id) ? [offeredAt.get(p.id)! - p.sentAt] : []));
  const toNotice = posts.flatMap((p) => (report.notices[p.id] ? [report.notices[p.id]! - p.sentAt] : []));
  const firstSent = Math.min(...report.posts.map((p) => p.sentAt));
  const lastNotice = Object.keys(report.notices).length ? Math.max(...Object.values(report.notices)) : NaN;
  const lastAnswer = Math.max(...report.posts.map((p) => p.answeredAt));
  const notified = toNotice.length;
  const seconds = (lastNotice - firstSent) / 1000;
  return {
    name,
    pace: 'rate' in pace ? `${pace.rate}/s fixed` : `${pace.inFlight} in flight`,
    requests: bodies.length,
    accepted: posts.length,
    refused,
    offered: offeredAt.size,
    notified,
    seconds,
    ordersPerSecond: notified / seconds,
    submitsPerSecond: report.posts.length / ((lastAnswer - firstSent) / 1000),
    postAnswer: percentiles(report.posts.map((p) => p.answeredAt - p.sentAt)),
    toOffered: percentiles(toOffered),
    toNotice: percentiles(toNotice),
    samples: { toOffered: [...toOffered].sort((a, b) => a - b), toNotice: [...toNotice].sort((a, b) => a - b) },
  };
}
