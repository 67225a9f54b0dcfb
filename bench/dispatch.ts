/**
 * `npm run bench:dispatch`: dispatch figures on the local stack (prints a table; never a test).
 *   1. throughput from enqueue to OFFERED/WAITING with 1,000 teams and 10,000 requests, beside
 *      DynamoDB Local's raw rate for the same transactional writes, measured in the same run;
 *   2. DynamoDB calls and consumed capacity units per dispatched request;
 *   3. time per match with 100, 1,000 and 10,000 teams at the same number of candidates.
 * Options: --teams N (1000) --requests N (10000) --concurrency N (8).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { tableAdapters } = await import('#shared/adapters/composition');
const { createDocumentClient } = await import('#shared/adapters/dynamo/client');
const { keys } = await import('#shared/adapters/dynamo/keys');
const { lineage } = await import('#shared/domain/area');
const { rankCandidates } = await import('#shared/domain/matching');
const { demoData, seedDemoData } = await import('#shared/seed/seed-demo-data');
const { dispatchRequest } = await import('#shared/use-cases/dispatch-request');
const { startLocalStack } = await import('#infra/local/local-stack');
const { silentLog } = await import('#infra/local/log-line');
const { meteredClient } = await import('./capacity-meter');
const { requestFixture, teamFixture } = await import('../test/support/fixtures');
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Team } from '#shared/domain/team';

const { values } = parseArgs({
  options: {
    teams: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const TEAMS = Number(values.teams);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

const stack = await startLocalStack({ port: 0, log: silentLog, runSchedules: false, consumerConcurrency: CONCURRENCY });
const db = createDocumentClient(stack.dynamodb);
const adapters = tableAdapters(stack.tableName, db);
await seedDemoData(adapters, { ...demoData, teams: [] });
const communities = demoData.areas.filter((a) => a.level === 'community').map((a) => a.id);
const services = demoData.services.map((s) => s.code);

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

const team = (id: string, station: string, handles: string[], capacity: number): Team =>
  teamFixture(id, {
    stationAreaId: station,
    servesAreaId: station.split('.').slice(0, 3).join('.'),
    services: handles,
    capacity,
    rating: 4 + (id.length % 10) / 10,
  });

const request = (serviceCode: string, areaId: string): ServiceRequest => requestFixture({ serviceCode, areaId, description: 'bench' });

const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, unknown> = {};

// 1. Throughput, enqueue → OFFERED/WAITING.
const teamList = Array.from({ length: TEAMS }, (_, i) => team(`t${i}`, pick(communities, i * 7), [pick(services, i), pick(services, i + 3)], 5));
await inBatches(teamList, 25, (t) => adapters.teams.register(t, t.services));
const requests = Array.from({ length: REQUESTS }, (_, i) => request(pick(services, i * 11), pick(communities, i * 13)));
await inBatches(requests, 50, (r) => adapters.requests.create({ request: r, events: [], outbox: [] }));
const started = Date.now();
for (let i = 0; i < requests.length; i += 10) {
  await stack.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: stack.queues.dispatch.url,
      Entries: requests.slice(i, i + 10).map((r, j) => ({ Id: String(j), MessageBody: JSON.stringify({ requestId: r.id, version: 1 }) })),
    }),
  );
}
let done = 0;
while (done < REQUESTS) {
  await new Promise((r) => setTimeout(r, 500));
  const states = await Promise.all(requests.slice(done, done + 200).map((r) => adapters.requests.get(r.id)));
  const firstOpen = states.findIndex((s) => s!.status === 'SUBMITTED');
  done += firstOpen < 0 ? states.length : firstOpen;
  if (Date.now() - started > 30 * 60_000) throw new Error('throughput run took over 30 minutes');
}
const seconds = (Date.now() - started) / 1000;
const stored = await Promise.all(requests.map((r) => adapters.requests.get(r.id)));
const offered = stored.filter((s) => s!.status === 'OFFERED').length;
const throughput = REQUESTS / seconds;

// The same transactional writes without the system around them, at the same concurrency.
const rawCount = 2000;
const rawTeams = Array.from({ length: 50 }, (_, i) => team(`raw${i}`, pick(communities, i), ['raw'], rawCount));
await inBatches(rawTeams, 25, (t) => adapters.teams.register(t, []));
const rawRequests = Array.from({ length: rawCount }, (_, i) => request('raw', pick(communities, i)));
await inBatches(rawRequests, 50, (r) => adapters.requests.create({ request: r, events: [], outbox: [] }));
const rawStarted = Date.now();
await inBatches(rawRequests, CONCURRENCY * 10, (r) =>
  db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: stack.tableName, Item: { ...keys.request(r.id), entity: 'Request', ...r, status: 'OFFERED', version: 2 }, ConditionExpression: '#s = :s AND #v = :v', ExpressionAttributeNames: { '#s': 'status', '#v': 'version' }, ExpressionAttributeValues: { ':s': 'SUBMITTED', ':v': 1 } } },
        { Update: { TableName: stack.tableName, Key: keys.team(pick(rawTeams, r.id.charCodeAt(0)).id), UpdateExpression: 'SET #a = #a + :one', ConditionExpression: '#a < #c', ExpressionAttributeNames: { '#a': 'active', '#c': 'capacity' }, ExpressionAttributeValues: { ':one': 1 } } },
        { Put: { TableName: stack.tableName, Item: { ...keys.timelineEvent(r.id, r.createdAt, 2), entity: 'TimelineEvent' } } },
      ],
    }),
  ),
);
const rawRate = rawCount / ((Date.now() - rawStarted) / 1000);
results.throughput = { teams: TEAMS, requests: REQUESTS, consumerConcurrency: CONCURRENCY, seconds, perSecond: throughput, offered, waiting: REQUESTS - offered, rawTransactionsPerSecond: rawRate, ratio: throughput / rawRate };

// 2. Calls and capacity units per dispatched request.
const { client: metered, meter } = meteredClient(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
const meteredDeps = { ...tableAdapters(stack.tableName, createDocumentClient(metered)), clock: { now: () => new Date() } };
const meterTeams = Array.from({ length: 20 }, (_, i) => team(`m${i}`, pick(communities, i), ['metered'], 1000));
await inBatches(meterTeams, 20, (t) => adapters.teams.register(t, ['metered']));
const meterRequests = Array.from({ length: 200 }, (_, i) => request('metered', pick(communities, i)));
await inBatches(meterRequests, 50, (r) => adapters.requests.create({ request: r, events: [], outbox: [] }));
for (const r of meterRequests) await dispatchRequest(meteredDeps, { requestId: r.id, version: 1 });
results.perRequest = {
  calls: meter.calls / meterRequests.length,
  readUnits: meter.readUnits / meterRequests.length,
  writeUnits: meter.writeUnits / meterRequests.length,
  callsByCommand: Object.fromEntries(Object.entries(meter.byCommand).map(([k, v]) => [k, v / meterRequests.length])),
};

// 3. Time per match with more and more teams, the candidates fixed at 10.
const matchTimes: Array<{ teams: number; medianMs: number }> = [];
const target = 'taian.taishan.taiqian.keda';
await inBatches(Array.from({ length: 10 }, (_, i) => team(`cand${i}`, target, ['match'], 5)), 10, (t) => adapters.teams.register(t, ['match']));
let registered = 10;
for (const size of [100, 1000, 10_000]) {
  const more = Array.from({ length: size - registered }, (_, i) => team(`other${registered + i}`, pick(communities, i), [pick(services, i)], 5));
  await inBatches(more, 50, (t) => adapters.teams.register(t, t.services));
  registered = size;
  const probe = request('match', target);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const candidates = await adapters.teams.candidates('match', lineage(target));
    rankCandidates(probe, candidates, new Date());
    times.push(performance.now() - t0);
  }
  matchTimes.push({ teams: size, medianMs: median(times) });
}
results.matching = matchTimes;
await stack.stop();

const t = results.throughput as Record<string, number>;
const p = results.perRequest as Record<string, number>;
const lines = [
  'Dispatch benchmark (local stack: DynamoDB Local + local-aws-sqs, this machine)',
  `  throughput   ${t.requests} requests, ${t.teams} teams, ${t.consumerConcurrency} consumers: ${t.seconds!.toFixed(1)} s, ${t.perSecond!.toFixed(1)} dispatches/s (${t.offered} offered, ${t.waiting} waiting)`,
  `  raw limit    same 3-item transaction straight to DynamoDB Local: ${t.rawTransactionsPerSecond!.toFixed(1)}/s; achieved/limit = ${(t.ratio! * 100).toFixed(1)}%`,
  `  per request  ${p.calls!.toFixed(2)} DynamoDB calls, ${p.readUnits!.toFixed(2)} RCU, ${p.writeUnits!.toFixed(2)} WCU  ${JSON.stringify((results.perRequest as { callsByCommand: unknown }).callsByCommand)}`,
  ...matchTimes.map((m) => `  match        ${String(m.teams).padStart(6)} teams, 10 candidates: median ${m.medianMs.toFixed(2)} ms`),
];
process.stdout.write(lines.join('\n') + '\n');
mkdirSync('bench', { recursive: true });
writeFileSync('bench/dispatch-results.json', JSON.stringify(results, null, 2) + '\n');
process.exit(0);
