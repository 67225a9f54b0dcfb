/**
 * `npm run bench`: the benchmark suite (never part of `npm test`). Prints a table, writes
 * `bench/results.json` and `bench/results.svg`. Sections, in this order:
 *   cold   bundle size and import time of each function (before any server runs);
 *   cost   one order's lifecycle with every AWS call recorded, priced for AWS;
 *   e2e    N requests over HTTP at a fixed rate and as fast as possible, beside the raw limits
 *          of DynamoDB Local and local-aws-sqs measured in the same run;
 *   match  time per dispatch with 100 … 100,000 teams;
 *   stats  GET /admin/stats and its CSV on a Tai'an-sized city's counters (its own local stack,
 *          in a child process: bench/stats-read.ts).
 * Options: --requests N (2000) --rate R (half the fastest phase's orders/s) --in-flight N (32) --teams N (100)
 *   --consumers N (8) --import-runs N (20) --match-sizes 100,1000,10000,100000
 *   --stats-days N (365) --stats-full-days N (30) --stats-full-scope district|city --stats-per-day N (600) --stats-runs N (20)
 *   --description-chars N (the cost order's description; 0: the test fixture's 18 characters)
 *   --only cold,cost,e2e,match,stats (all).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { demoData, seedDemoData } from '#shared/seed/seed-demo-data';
import { defaultIntakeLimits } from '#shared/use-cases/admit-submission';
import { startLocalStack, type LocalStack } from '#infra/local/local-stack';
import { KEDA } from '../test/support/fixtures';
import { coldStarts, type ColdStart, GOAL_BUNDLE_BYTES, GOAL_IMPORT_MS } from './cold-start';
import { GOAL_DOLLARS_PER_ORDER } from './cost';
import { GOAL_CITY_YEAR_MS } from './stats-read';
import { BUNDLE_LIMIT_BYTES } from '../infra/function-bundles';
import { coldInit, costTable, usageOf } from './cost';
import { registerTeams, runPhase, startClient, submissions, type Phase } from './end-to-end';
import { latencyChartSvg } from './latency-chart';
import { runLifecycle, type Lifecycle } from './lifecycle';
import { matchingScale, type MatchPoint } from './matching';
import { prices } from './prices';
import { dynamoOrderLimit, sqsCycleLimit, type DynamoLimit, type SqsLimit } from './raw-limits';
import { installSdkRecorder } from './sdk-calls';
import { defaultStatsReadOptions } from './stats-options';
import type { StatsReadResult } from './stats-read';
import { statsReadInChild } from './stats-read-child';
import { dollars, num, textTable } from './text-table';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '0' },
    'in-flight': { type: 'string', default: '32' },
    teams: { type: 'string', default: '100' },
    consumers: { type: 'string', default: '8' },
    'import-runs': { type: 'string', default: '20' },
    'match-sizes': { type: 'string', default: '100,1000,10000,100000' },
    'stats-days': { type: 'string', default: String(defaultStatsReadOptions.days) },
    'stats-full-days': { type: 'string', default: String(defaultStatsReadOptions.fullDays) },
    'stats-per-day': { type: 'string', default: String(defaultStatsReadOptions.perDay) },
    'stats-full-scope': { type: 'string', default: defaultStatsReadOptions.fullScope },
    'stats-runs': { type: 'string', default: String(defaultStatsReadOptions.runs) },
    'description-chars': { type: 'string', default: '0' },
    only: { type: 'string', default: 'cold,cost,e2e,match,stats' },
  },
});
const N = Number(values.requests);
const RATE = Number(values.rate);
const IN_FLIGHT = Number(values['in-flight']);
const TEAMS = Number(values.teams);
const CONSUMERS = Number(values.consumers);
const DESCRIPTION_CHARS = Number(values['description-chars']) || undefined;
const only = new Set(values.only.split(','));
const progress = (line: string) => process.stderr.write(`… ${line}\n`);

// Handlers log errors only (their INFO lines would flood the output and cost the shared event loop).
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
delete process.env.POWERTOOLS_SERVICE_NAME;
const began = Date.now();
const loadAtStart = loadavg()[0]!;
const out: string[] = [
  `paidan benchmarks, ${new Date().toISOString().slice(0, 16)}Z: Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'CPU'}`,
  '  local stack: DynamoDB Local (Java) + local-aws-sqs and every function in this one Node process',
];
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: availableParallelism(),
  options: values,
};

let cold: ColdStart[] | undefined;
if (only.has('cold')) cold = await coldStarts(Number(values['import-runs']), progress);

let life: Lifecycle | undefined;
const phases: Phase[] = [];
let dynamoLimit: DynamoLimit | undefined;
let dynamoNoticeLimit: DynamoLimit | undefined;
let sqsLimit: SqsLimit | undefined;
let matching: MatchPoint[] | undefined;
let setupLine = '';
if (only.has('cost') || only.has('e2e') || only.has('match')) {
  installSdkRecorder();
  const httpLog: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    runSchedules: false,
    consumerConcurrency: CONSUMERS,
    log: (source, message) => void (source === 'http' && / \d+ms$/.test(message) && httpLog.push(message)),
  });
  try {
    const db = createDocumentClient(stack.dynamodb);
    const adapters = tableAdapters(stack.tableName, db);
    await seedDemoData(adapters, { ...demoData, teams: [] });
    const raised = { limit: 1_000_000_000, windowSeconds: 3600 };
    await adapters.limiter.setIntakeLimits({ perPhone: raised, perAddress: raised, lookupsPerAddress: raised });
    const d = defaultIntakeLimits;
    out.push(
      `  intake limits RAISED for this run to ${num(raised.limit)} an hour per phone and per address (defaults: ${d.perPhone.limit} per phone per ${d.perPhone.windowSeconds / 60} min, ${d.perAddress.limit} per address per ${d.perAddress.windowSeconds / 60} min); the in-memory table is discarded after`,
    );
    const communities = demoData.areas.filter((a) => a.level === 'community' && a.id !== KEDA).map((a) => a.id);

    if (only.has('cost') || only.has('e2e')) {
      progress('lifecycle: one order, every AWS call recorded');
      life = await runLifecycle(stack, adapters, httpLog, DESCRIPTION_CHARS);
    }
    if (only.has('e2e') && life) {
      progress(`raw limits: DynamoDB Local replay of ${num(N)} orders' writes, local-aws-sqs cycles`);
      const clients = { document: db, lowLevel: new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB! }) };
      dynamoLimit = await dynamoOrderLimit(life, life.orderWrites, clients, adapters, N, 32);
      dynamoNoticeLimit = await dynamoOrderLimit(life, life.noticeWrites, clients, adapters, N, 32);
      sqsLimit = await sqsCycleLimit(stack.sqs, Math.max(1000, N), 20);
      const client = await startClient();
      try {
        const e2eCommunities = communities.slice(0, 10);
        const capacity = Math.min(1000, Math.max(5, Math.ceil((2 * N * 1.25) / TEAMS)));
        await registerTeams(adapters, client.hookUrl, { teams: TEAMS, communities: e2eCommunities, capacity });
        setupLine = `${num(TEAMS)} teams × capacity ${capacity} (${num(TEAMS * capacity)} open orders for ${num(2 * N)} requests), spread over ${e2eCommunities.length} communities (${Math.round(TEAMS / e2eCommunities.length)} candidates a request), each a json webhook on the client; ${CONSUMERS} pollers per queue`;
        progress(`end to end: ${num(N)} requests, ${IN_FLIGHT} in flight`);
        phases.push(
          await runPhase(client, adapters, stack.apiUrl, 'as fast as possible', { inFlight: IN_FLIGHT }, submissions(N, e2eCommunities)),
        );
        await drained(stack);
        // Unless given, the fixed rate is half what the fastest phase sustained: a load the system keeps up with.
        const rate = RATE > 0 ? RATE : Math.max(1, Math.round(phases[0]!.ordersPerSecond / 2));
        progress(`end to end: ${num(N)} requests at ${rate}/s`);
        phases.push(await runPhase(client, adapters, stack.apiUrl, 'fixed rate', { rate }, submissions(N, e2eCommunities)));
        await drained(stack);
      } finally {
        client.stop();
      }
    }
    if (only.has('match')) {
      await drained(stack);
      const sizes = values['match-sizes'].split(',').map(Number);
      matching = await matchingScale(
        adapters,
        db,
        stack.tableName,
        communities,
        demoData.services.map((s) => s.code),
        sizes,
        30,
        progress,
      );
    }
  } finally {
    await stack.stop();
  }
}

// The statistics section on a stack of its own, in a child process: a fresh table (nothing the
// sections above wrote) and fresh copies of the functions' modules pointing at it.
let statsRead: StatsReadResult | undefined;
if (only.has('stats')) {
  progress("statistics: a city's counters on a fresh local stack (child process)");
  statsRead = await statsReadInChild({
    ...defaultStatsReadOptions,
    days: Number(values['stats-days']),
    fullDays: Number(values['stats-full-days']),
    fullScope: values['stats-full-scope'] === 'city' ? 'city' : 'district',
    perDay: Number(values['stats-per-day']),
    runs: Number(values['stats-runs']),
  });
}

/** Waits until every queue is empty (the end-to-end run's statistics may still be on their way). */
async function drained(stack: LocalStack): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = await Promise.all(
      Object.values(stack.queues).map(async (q) => {
        const a =
          (
            await stack.sqs.send(
              new GetQueueAttributesCommand({
                QueueUrl: q.url,
                AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
              }),
            )
          ).Attributes ?? {};
        return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
      }),
    );
    if (counts.every((c) => c === 0) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---- the report ----
if (phases.length && dynamoLimit && dynamoNoticeLimit && sqsLimit && life) {
  const ms = (p: { p50: number; p95: number; p99: number }) => `${num(p.p50)} / ${num(p.p95)} / ${num(p.p99)}`;
  out.push('', `END TO END (${num(N)} POST /requests a phase; ${setupLine})`);
  out.push(
    ...textTable(
      [
        'phase',
        'pace',
        'accepted',
        'offered',
        'notified',
        'orders/s',
        'POST answered ms p50/p95/p99',
        'POST → OFFERED ms',
        'POST → team notice ms',
      ],
      phases.map((p) => [
        p.name,
        p.pace,
        num(p.accepted),
        num(p.offered),
        num(p.notified),
        num(p.ordersPerSecond, 1),
        ms(p.postAnswer),
        ms(p.toOffered),
        ms(p.toNotice),
      ]),
    ),
  );
  if (RATE <= 0) out.push('  the fixed rate is half the orders/s of the fastest phase (a load the stack keeps up with); --rate sets it');
  for (const p of phases) if (Object.keys(p.refused).length) out.push(`  ${p.name}: refused ${JSON.stringify(p.refused)}`);
  const best = Math.max(...phases.map((p) => p.ordersPerSecond));
  const messages = life.steps[0]!.calls.filter((c) => c.service === 'SQS' && c.owner !== 'local' && c.operation.startsWith('Send')).length;
  const sqsOrders = sqsLimit.cyclesPerSecond / messages;
  const ops = (limit: DynamoLimit) =>
    Object.entries(limit.writesPerOrder.reduce<Record<string, number>>((a, o) => ((a[o] = (a[o] ?? 0) + 1), a), {}))
      .map(([o, n]) => `${n} ${o}`)
      .join(' + ');
  out.push(
    '  limit beside it, same run, same servers:',
    ...textTable(
      ['ceiling', 'measured', 'as orders/s', 'achieved (fastest phase) / limit'],
      [
        [
          `DynamoDB Local: one order's writes up to OFFERED (${ops(dynamoLimit)}), replayed ${num(dynamoLimit.orders)}× with fresh ids, ${dynamoLimit.concurrency} at once`,
          `${num(dynamoLimit.ordersPerSecond, 1)} orders/s`,
          num(dynamoLimit.ordersPerSecond, 1),
          `${num((100 * best) / dynamoLimit.ordersPerSecond, 1)} %`,
        ],
        [
          `DynamoDB Local: every write of an order up to its notice, also the statistics' and the notice's (${ops(dynamoNoticeLimit)}), the same way`,
          `${num(dynamoNoticeLimit.ordersPerSecond, 1)} orders/s`,
          num(dynamoNoticeLimit.ordersPerSecond, 1),
          `${num((100 * best) / dynamoNoticeLimit.ordersPerSecond, 1)} %`,
        ],
        [
          `local-aws-sqs: send + receive + delete of one message, ${sqsLimit.concurrency} at once; an order sends ${messages} messages up to its notice`,
          `${num(sqsLimit.cyclesPerSecond, 1)} cycles/s`,
          num(sqsOrders, 1),
          `${num((100 * best) / sqsOrders, 1)} %`,
        ],
      ],
    ),
  );
  for (const limit of [dynamoLimit, dynamoNoticeLimit])
    if (limit.failed)
      out.push(`  WARNING: ${limit.failed} of the ${num(limit.orders * limit.writesPerOrder.length)} replayed writes failed`);
}

if (life && (only.has('cost') || only.has('e2e'))) {
  const cost = costTable(life.steps);
  out.push(
    '',
    `COST PER ORDER ON AWS (one lifecycle on the local stack, calls counted; ${life.candidates} candidate teams; a description of ${DESCRIPTION_CHARS ?? 18} characters; prices: ${prices.region}, on-demand list prices ${prices.asOf}, no free tier; bench/prices.ts)`,
  );
  out.push(
    ...textTable(
      ['step', 'API req', 'Lambda inv', 'Lambda GB-s', 'DynamoDB calls', 'RRU', 'WRU', 'of them indexes', 'WRU (Local)', 'SQS req', 'SMS'],
      life.steps
        .filter((s) => !s.step.startsWith('schedule'))
        .map((s) => {
          const u = usageOf(s);
          return [
            s.perOrder ? s.step : `(${s.step}, not in total)`,
            num(u.apiRequests),
            num(u.lambdaRequests),
            num(u.lambdaGbSeconds, 3),
            num(u.dynamoCalls),
            num(u.readUnits, 1),
            num(u.writeUnits, 1),
            num(u.indexWriteUnits, 1),
            num(u.localWriteUnits, 1),
            num(u.sqsRequests),
            num(u.sms),
          ];
        }),
    ),
  );
  const t = cost.perOrder;
  out.push(
    `  order total: ${t.apiRequests} API requests, ${t.lambdaRequests} Lambda invocations, ${num(t.lambdaGbSeconds, 3)} GB-s, ${t.dynamoCalls} DynamoDB calls (${num(t.readUnits, 1)} RRU, ${num(t.writeUnits, 1)} WRU), ${t.sqsRequests} SQS requests, ${t.sms} SMS`,
  );
  out.push('', '  the bill: per order, and a month of 1,000 orders a day (30 days) with the fixed part below');
  out.push(
    ...textTable(
      ['item', 'per order', 'price', '$ per order', 'a month', '$ a month'],
      cost.rows.map((r) => [
        r.item,
        num(r.perOrder, r.perOrder < 10 ? 3 : 0),
        r.unitPrice,
        dollars(r.dollarsPerOrder),
        num(r.monthlyQuantity),
        dollars(r.monthlyDollars),
      ]),
    ),
  );
  const perOrder = cost.rows.reduce((s, r) => s + r.dollarsPerOrder, 0);
  const monthly = cost.rows.reduce((s, r) => s + r.monthlyDollars, 0);
  out.push(
    `  total: ${dollars(perOrder)} per order; ${dollars(monthly)} a month for 30,000 orders (SMS not priced: ${t.sms} per order, see bench/prices.ts)`,
    `  goal: ${dollars(GOAL_DOLLARS_PER_ORDER)} per order (issue 15): ${perOrder <= GOAL_DOLLARS_PER_ORDER ? 'met' : `over, ${(perOrder / GOAL_DOLLARS_PER_ORDER).toFixed(1)} times the goal`}`,
  );
  out.push(...cost.notes.map((n) => `  fixed: ${n}`));
  const invoked = [...new Set(life.steps.filter((s) => s.perOrder).flatMap((s) => s.invocations.map((i) => i.fn)))];
  const imports = cold ?? (await coldStarts(5, progress, invoked));
  const init = coldInit(life.steps, new Map(imports.map((c) => [c.fn, c.importMs])));
  out.push(
    `  cold starts (not in the total): were every invocation of the order a cold start, as at the low end of the traffic, INIT (billed since 2025-08) would add at least ${num(init.gbSeconds, 3)} GB-s, ${dollars(init.dollars)} per order: each function's import (${cold ? "the cold start section's medians" : 'the median of 5 imports in a fresh node'}) × its memory; the runtime's own start is not measurable here${init.unmeasured.length ? `; not measured: ${init.unmeasured.join(', ')}` : ''}`,
  );
  out.push(
    "  WRU: as AWS charges them, from each written item read before and after the write (bench/write-units.ts: its size, twice in a transaction, and each index entry put, changed or removed); WRU (Local): what DynamoDB Local reports, which does not grow with a transaction's items",
    "  not counted: CloudWatch Logs and alarms, the KMS key of the alarm topic, DynamoDB storage and backups, data transfer, Cognito; Lambda durations are warm local runs, less the estimate's reads",
  );
  results.cost = {
    perOrder: cost.perOrder,
    fixedMonthly: cost.fixedMonthly,
    pageView: cost.pageView,
    rows: cost.rows,
    totalPerOrder: perOrder,
    totalMonthly: monthly,
    notes: cost.notes,
    coldInit: init,
    steps: life.steps.map((s) => ({
      step: s.step,
      perOrder: s.perOrder,
      usage: usageOf(s),
      invocations: s.invocations,
      calls: s.calls.map((c) => ({
        owner: c.owner,
        operation: c.operation,
        readUnits: c.readUnits,
        writeUnits: c.writeUnits,
        unitsBy: c.unitsBy,
        ...(c.awsWriteUnits ? { awsWriteUnits: c.awsWriteUnits } : {}),
        ms: c.endedAt - c.startedAt,
      })),
    })),
  };
}

if (cold) {
  const runs = Number(values['import-runs']);
  const over = (c: ColdStart) => c.bytes > GOAL_BUNDLE_BYTES || !(c.importMs <= GOAL_IMPORT_MS);
  out.push(
    '',
    `COLD START (infra/function-bundles.ts, as cdk deploy bundles; import in a fresh node, median of ${runs}; goal ≤ ${GOAL_BUNDLE_BYTES / 1024} KB and ≤ ${GOAL_IMPORT_MS} ms, the test's limit ${BUNDLE_LIMIT_BYTES / 1024} KB)`,
  );
  const sorted = [...cold].sort((a, b) => (b.importMs || 0) - (a.importMs || 0));
  out.push(
    ...textTable(
      ['function', 'bundle KB', 'on first use KB', 'import ms', 'goal', 'largest parts (KB)'],
      sorted.map((c) => [
        c.fn,
        num(c.bytes / 1024, 0),
        c.lazyBytes ? num(c.lazyBytes / 1024, 0) : '',
        num(c.importMs, 1),
        over(c) ? 'over' : 'met',
        c.largest.map(([part, bytes]) => `${part} ${num(bytes / 1024, 0)}`).join(', '),
      ]),
    ),
    `  ${cold.filter((c) => !over(c)).length} of ${cold.length} functions meet both goals; bundle: what a cold start loads (index.mjs and the files it imports); on first use: files a dynamic import() loads when first needed`,
  );
  for (const c of cold) if (c.error) out.push(`  ${c.fn}: import failed: ${c.error}`);
  results.coldStart = cold;
}

if (matching) {
  out.push('', 'MATCHING (DynamoDB Local; median of 30 at each size)');
  out.push(
    ...textTable(
      ['teams', 'find + rank, 10 candidates ms', 'whole dispatch ms', 'candidates at 1 in 100', 'find + rank ms'],
      matching.map((m) => [num(m.teams), num(m.findRankMs, 1), num(m.dispatchMs, 1), num(m.wideCandidates), num(m.wideFindRankMs, 1)]),
    ),
  );
  results.matching = matching;
}

if (statsRead) {
  const { load: l, cases } = statsRead;
  out.push(
    '',
    `STATISTICS ON A CITY'S COUNTERS (GET /admin/stats and /admin/stats.csv over HTTP with the center admin's token; a fresh local stack; n = ${statsRead.options.runs} timed calls a case after one unmeasured, fewer (at least 3) once a case has taken ${statsRead.options.maxSecondsPerCase} s)`,
    `  city: ${num(l.areas)} areas (${l.districts} districts, ${l.streets} streets, ${num(l.communities)} communities), ${num(l.teams)} teams, ${l.services} services; ${num(l.days)} days of counters, ${l.from} to ${l.to}`,
    `  drawn: the last ${l.drawnDays} days (from ${l.drawnFrom}), ${num(statsRead.options.perDay)} requests a day: ${num(l.requests)} requests, ${num(l.facts)} request facts tallied by talliesOf (today's ${num(l.factsToday)} stored as facts, read as the dashboard reads the days not folded yet); the ${num(l.days - l.fullDays)} days before the last ${l.fullDays} (the first ${l.drawnDays - l.fullDays} drawn ones miss the later events of earlier requests) repeat those ${l.fullDays} days' city-wide counters in turn, keys built for the day`,
    `  a day holds ${num(l.everyLevelItemsPerDay)} counter items at every level (${num(100 * l.communityCellShare, 1)} % of community × service × day cells have one, the rest are absent): about ${num(l.everyLevelItemsPerDay * l.days)} for the ${num(l.days)} days; written ${num(l.itemsWritten)} (${num(l.serviceItems)} area × day × service, ${num(l.teamItems)} area × day × team):`,
    `    every day, the partitions a city-wide query reads (its districts' service and team counters: a city keeps none of its own; ${num(l.itemsPerCityWideDay)} items a day before ${l.fullFrom});` +
      ` the last ${l.fullDays} days also every level within ${l.fullScope} (with them ${num(l.itemsPerFullDay)} items a day). A query reads its area's and its children's partitions only: no case reads a missing or partial one`,
    `  by BatchWriteItem in ${num(l.loadSeconds)} s (${num(l.itemsPerSecond)} items/s, beside the city's seed), each day's tallies summed by the adapter's counterItems; ${l.layoutCheck}`,
    `  then rollUpStats (the scheduled roll-up-stats' use case, from the top down) rolled up ${l.rolledUpPartitions} area partitions of the months that are over (${l.rolledUpMonths} of them in the period) in ${num(l.rollUpSeconds, 1)} s`,
    ...textTable(
      [
        'case',
        'HTTP',
        'n',
        'p50 ms',
        'p95 ms',
        'Query calls',
        'other DynamoDB calls',
        'RRU',
        'counter RRU',
        'items read',
        'counter items',
        'team counters',
        'answer',
        'KB',
      ],
      cases.map((c) => [
        c.name,
        String(c.status),
        num(c.runs),
        num(c.p50),
        num(c.p95),
        num(c.queries),
        Object.entries(c.otherCalls)
          .map(([op, n]) => `${n} ${op}`)
          .join(', ') || '–',
        num(c.readUnits, 1),
        num(c.counterReadUnits, 1),
        num(c.itemsRead),
        num(c.counterItemsRead),
        num(c.teamCounterItemsRead),
        c.answer,
        num(c.bytes / 1024),
      ]),
    ),
    ...cases
      .filter((c) => c.failedCalls > 0 && c.status === 200)
      .map((c) => `  ${c.name}: ${c.failedCalls} timed calls failed (left out of the percentiles)`),
    ...cases
      .filter((c) => c.periodDays >= 365 && c.name.startsWith('city,'))
      .map(
        (c) =>
          `  goal: the city over a year at p50 ≤ ${GOAL_CITY_YEAR_MS / 1000} s (issue 15): ${c.p50 <= GOAL_CITY_YEAR_MS ? 'met' : `over, ${(c.p50 / 1000).toFixed(1)} s`}`,
      ),
    '  --stats-full-scope city writes every level of every district for the full days; --stats-days and --stats-full-days set the periods',
    '  RRU: read capacity DynamoDB Local reports (ReturnConsumedCapacity), counter RRU: of it, the Queries of counter partitions; items read: items the calls returned (Query counts, BatchGet and Get items); counter items: of them, from the day and month partitions (STATS#, TEAMLOAD#, STATSM#, TEAMLOADM#); team counters: of those, TEAMLOAD# and TEAMLOADM# (team load)',
    `  the section took ${num(statsRead.seconds)} s (stack start, seed and load, the cases)`,
  );
  results.statsRead = statsRead;
}

if (phases.length) {
  results.endToEnd = {
    setup: setupLine,
    phases: phases.map(({ samples: _samples, ...p }) => p),
    limits: { dynamodb: dynamoLimit, dynamodbToNotice: dynamoNoticeLimit, sqs: sqsLimit },
  };
  const series = phases.flatMap((p) => [
    { label: `${p.name} (${p.pace}): POST → OFFERED`, sorted: p.samples.toOffered },
    { label: `${p.name} (${p.pace}): POST → team notice`, sorted: p.samples.toNotice },
  ]);
  writeFileSync(
    'bench/results.svg',
    latencyChartSvg(`paidan end to end, ${num(N)} requests a phase: share of requests done by a time`, series),
  );
}
const load = `load average (1 min) ${num(loadAtStart, 1)} at the start, ${num(loadavg()[0]!, 1)} at the end, on ${availableParallelism()} CPUs`;
results.loadAverage = { start: loadAtStart, end: loadavg()[0] };
out.push(
  '',
  `done in ${num((Date.now() - began) / 1000)} s; ${load}${loadAtStart > availableParallelism() ? ' (other work shared the machine: figures are lower than on an idle one)' : ''}`,
);
out.push(`wrote bench/results.json${phases.length ? ' and bench/results.svg' : ''}`);
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${out.join('\n')}\n`);
process.exit(0);
