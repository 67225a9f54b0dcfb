/**
 * 问需统计 at a city's scale: how `GET /admin/stats` and `GET /admin/stats.csv` answer on a
 * Tai'an-sized city's counters, over HTTP on the local stack with the center admin's token.
 *
 * The load (a simulated Tai'an's counters, on a fresh local stack in its own process, see
 * `stats-read-child.ts`) is drawn and written by `stats-load.ts`; its header says what is written.
 *
 * Measured per case (after an unmeasured call): wall time of the HTTP call, `--stats-runs` times
 * (fewer when a case passes `maxSecondsPerCase`, at least 3); and on one more call, every
 * DynamoDB call the admin-stats function made (the SDK recorder of `sdk-calls.ts`, which asks for
 * ReturnConsumedCapacity) with the items each returned. A case the function cannot answer within
 * its timeout is reported as such and run once more through the use case in this process.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { currentStatsReads, tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import type { Staff } from '#shared/domain/staff';
import { addDays } from '#shared/domain/stats-calendar';
import { systemClock } from '#shared/ports/clock';
import { statsCsv } from '#shared/http/stats-csv';
import { statsDashboard, statsExport } from '#shared/use-cases/needs-statistics';
import { startLocalStack } from '#infra/local/local-stack';
import { defaultCityOptions, generateCity } from '../sim/city';
import { percentiles } from './percentiles';
import { installSdkRecorder, startRecording, stopRecording } from './sdk-calls';
import { load, measuredAreas, type StatsLoad } from './stats-load';
import { defaultStatsReadOptions, type StatsReadOptions } from './stats-options';

/** Issue 15's goal for the city's statistics over 365 days, p50 on DynamoDB Local. */
export const GOAL_CITY_YEAR_MS = 2000;

export type { StatsReadOptions };

export interface StatsReadCase {
  readonly name: string;
  readonly path: string;
  readonly periodDays: number;
  readonly status: number;
  /** Response body, bytes. */
  readonly bytes: number;
  /** Requests counted in the period (JSON), or CSV rows. */
  readonly answer: string;
  /** Timed calls answered (200), and calls that failed (not in the percentiles). */
  readonly runs: number;
  readonly failedCalls: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** DynamoDB calls of one call, by operation, and what they read. */
  readonly queries: number;
  readonly otherCalls: Readonly<Record<string, number>>;
  readonly readUnits: number;
  /** Of the read units, those of the Queries of counter partitions. */
  readonly counterReadUnits: number;
  readonly itemsRead: number;
  /** Of the items read, counter items (day and month partitions), and of them team counters (TEAMLOAD# and TEAMLOADM#). */
  readonly counterItemsRead: number;
  readonly teamCounterItemsRead: number;
}

export interface StatsReadResult {
  readonly at: string;
  /** The whole section, stack start to stop. */
  readonly seconds: number;
  readonly options: StatsReadOptions;
  readonly load: StatsLoad;
  readonly cases: StatsReadCase[];
}

/** Items returned by DynamoDB calls while `counting` is set; calls in flight at any time. */
let counting: { items: number; counterItems: number; teamItems: number } | undefined;
const teamPartitions = [keys.statsTeamPartition(''), keys.statsTeamMonthPartition('')];
const counterPartitions = [keys.statsServicePartition(''), keys.statsServiceMonthPartition(''), ...teamPartitions];
const isCounterPartition = (pk: string) => counterPartitions.some((prefix) => pk.startsWith(prefix));
let inFlight = 0;
let lastDone = 0;

/** Wraps the SDK clients' shared `send` (over the recorder of sdk-calls.ts) to count what DynamoDB calls return. */
function installItemCounter(): void {
  const proto = Object.getPrototypeOf(DynamoDBClient.prototype) as {
    send: (this: { config: { serviceId?: string } }, command: unknown, ...rest: unknown[]) => unknown;
  };
  const send = proto.send;
  proto.send = function (command, ...rest) {
    const result = send.call(this, command, ...rest);
    if (this.config.serviceId !== 'DynamoDB' || !(result instanceof Promise)) return result;
    const tally = counting;
    const partition = String(
      (command as { input?: { ExpressionAttributeValues?: Record<string, unknown> } }).input?.ExpressionAttributeValues?.[':pk'] ?? '',
    );
    inFlight++;
    const done = () => (inFlight--, (lastDone = performance.now()));
    return result.then(
      (output: { Count?: number; Item?: unknown; Responses?: Record<string, unknown[]> }) => {
        done();
        if (tally) {
          const items = output.Count ?? (output.Item ? 1 : 0) + Object.values(output.Responses ?? {}).reduce((n, r) => n + r.length, 0);
          tally.items += items;
          if (isCounterPartition(partition)) tally.counterItems += items;
          if (teamPartitions.some((prefix) => partition.startsWith(prefix))) tally.teamItems += items;
        }
        return output;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  };
}

/** Until no DynamoDB call has been under way for half a second (a timed-out handler's reads go on). */
async function quiet(): Promise<void> {
  while (inFlight > 0 || performance.now() - lastDone < 500) await new Promise((r) => setTimeout(r, 100));
}

interface Case {
  readonly name: string;
  readonly path: string;
  readonly periodDays: number;
}

interface Probe {
  readonly ms: number;
  readonly status: number;
  readonly body: string;
}

/** One call with every DynamoDB call of `owner` recorded (with consumed capacity) and the items returned. */
async function recorded(owner: string, call: () => Promise<Probe>) {
  const calls = startRecording();
  counting = { items: 0, counterItems: 0, teamItems: 0 };
  const probe = await call();
  await quiet();
  const items = counting;
  counting = undefined;
  stopRecording();
  const own = calls.filter((x) => x.owner === owner && x.service === 'DynamoDB');
  const otherCalls: Record<string, number> = {};
  for (const x of own) if (x.operation !== 'Query') otherCalls[x.operation] = (otherCalls[x.operation] ?? 0) + 1;
  return {
    probe,
    usage: {
      queries: own.filter((x) => x.operation === 'Query').length,
      otherCalls,
      readUnits: own.reduce((n, x) => n + x.readUnits, 0),
      counterReadUnits: own
        .filter(
          (x) =>
            x.operation === 'Query' &&
            isCounterPartition(String((x.input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'] ?? '')),
        )
        .reduce((n, x) => n + x.readUnits, 0),
      itemsRead: items.items,
      counterItemsRead: items.counterItems,
      teamCounterItemsRead: items.teamItems,
    },
  };
}

function answerOf(path: string, probe: Probe): string {
  if (probe.status !== 200) return (JSON.parse(probe.body) as { error?: { code?: string } }).error?.code ?? probe.body.slice(0, 60);
  if (path.includes('.csv')) return `${probe.body.split('\r\n').filter(Boolean).length - 1} rows`;
  return `${(JSON.parse(probe.body) as { totals: { requests: number } }).totals.requests.toLocaleString('en')} requests`;
}

/**
 * A case over HTTP: an unmeasured call, one recorded, then timed ones. A case the function cannot
 * answer in its timeout (the local runtime enforces it as Lambda does) is reported with its
 * status and the time to the failure, then run once through the use case in this process, with
 * no timeout, to show what it reads and how long it takes.
 */
async function measure(
  context: { apiUrl: string; token: string; direct: (csv: boolean, query: Record<string, string>) => Promise<string> },
  c: Case,
  options: StatsReadOptions,
  progress: (line: string) => void,
): Promise<StatsReadCase[]> {
  const call = async (): Promise<Probe> => {
    const t0 = performance.now();
    const response = await fetch(`${context.apiUrl}${c.path}`, { headers: { authorization: `Bearer ${context.token}` } });
    const body = await response.text();
    return { ms: performance.now() - t0, status: response.status, body };
  };
  const first = await call();
  if (first.status !== 200) {
    await quiet();
    const http: StatsReadCase = {
      name: c.name,
      path: c.path,
      periodDays: c.periodDays,
      status: first.status,
      bytes: Buffer.byteLength(first.body),
      answer: answerOf(c.path, first),
      runs: 1,
      failedCalls: 1,
      p50: first.ms,
      p95: first.ms,
      max: first.ms,
      queries: NaN,
      otherCalls: {},
      readUnits: NaN,
      counterReadUnits: NaN,
      itemsRead: NaN,
      counterItemsRead: NaN,
      teamCounterItemsRead: NaN,
    };
    progress(`stats: ${c.name}: HTTP ${first.status} after ${(first.ms / 1000).toFixed(1)} s; the use case in-process, once`);
    const query = Object.fromEntries(new URL(c.path, 'http://x').searchParams);
    const csv = c.path.includes('.csv');
    const { probe, usage } = await recorded('local', async () => {
      const t0 = performance.now();
      const body = await context.direct(csv, query);
      return { ms: performance.now() - t0, status: 200, body };
    });
    const direct: StatsReadCase = {
      name: `${c.name}: the use case in-process, no timeout`,
      path: `${csv ? 'statsExport' : 'statsDashboard'}(${JSON.stringify(query)})`,
      periodDays: c.periodDays,
      status: probe.status,
      bytes: Buffer.byteLength(probe.body),
      answer: answerOf(c.path, probe),
      runs: 1,
      failedCalls: 0,
      p50: probe.ms,
      p95: probe.ms,
      max: probe.ms,
      ...usage,
    };
    return [http, direct];
  }
  const { probe, usage } = await recorded('admin-stats', call);
  const times: number[] = [];
  const started = performance.now();
  let failedCalls = 0;
  while (
    times.length + failedCalls < options.runs &&
    (times.length + failedCalls < 3 || performance.now() - started < options.maxSecondsPerCase * 1000)
  ) {
    const r = await call();
    if (r.status === 200) times.push(r.ms);
    else failedCalls++, await quiet();
  }
  const p = percentiles(times);
  progress(`stats: ${c.name}: p50 ${p.p50.toFixed(0)} ms over ${times.length} calls`);
  return [
    {
      name: c.name,
      path: c.path,
      periodDays: c.periodDays,
      status: probe.status,
      bytes: Buffer.byteLength(probe.body),
      answer: answerOf(c.path, probe),
      runs: times.length,
      failedCalls,
      p50: p.p50,
      p95: p.p95,
      max: p.max,
      ...usage,
    },
  ];
}

/** The whole section on its own local stack (call in a process of its own: see stats-read-child.ts). */
export async function statsRead(
  options: StatsReadOptions = defaultStatsReadOptions,
  progress: (line: string) => void = () => undefined,
): Promise<StatsReadResult> {
  const began = performance.now();
  installSdkRecorder();
  installItemCounter();
  const stack = await startLocalStack({ port: 0, runSchedules: false, consumerConcurrency: 1, log: () => undefined });
  try {
    const db = createDocumentClient(stack.dynamodb);
    const adapters = tableAdapters(stack.tableName, db);
    const city = generateCity(defaultCityOptions);
    const loaded = await load(db, stack.tableName, adapters, city, options, progress);
    progress(`stats: ${loaded.itemsWritten.toLocaleString('en')} counter items written in ${loaded.loadSeconds.toFixed(0)} s`);
    const deps = { ...adapters, counters: currentStatsReads(stack.tableName, db, adapters), clock: systemClock };
    const center: Staff = { id: 'bench-center', name: 'bench', role: 'center' };
    const context = {
      apiUrl: stack.apiUrl,
      token: stack.adminTokens.center,
      direct: async (csv: boolean, query: Record<string, string>) =>
        csv ? statsCsv(await statsExport(deps, center, query)) : JSON.stringify(await statsDashboard(deps, center, query)),
    };
    const { from, to } = loaded;
    const period = (days: number) => `from=${addDays(to, -(days - 1))}&to=${to}`;
    const { district, community } = measuredAreas(city);
    const cases: Case[] = [
      { name: 'city, 7 days', path: `/admin/stats?${period(7)}`, periodDays: 7 },
      { name: 'city, 30 days', path: `/admin/stats?${period(30)}`, periodDays: 30 },
      { name: `city, ${options.days} days`, path: `/admin/stats?from=${from}&to=${to}`, periodDays: options.days },
      { name: `district ${district}, 30 days`, path: `/admin/stats?${period(30)}&area=${district}`, periodDays: 30 },
      { name: `community ${community}, 30 days`, path: `/admin/stats?${period(30)}&area=${community}`, periodDays: 30 },
      { name: 'CSV export, city, 30 days', path: `/admin/stats.csv?${period(30)}`, periodDays: 30 },
    ];
    const results: StatsReadCase[] = [];
    for (const c of cases) results.push(...(await measure(context, c, options, progress)));
    await stack.stop();
    return { at: new Date().toISOString(), seconds: (performance.now() - began) / 1000, options, load: loaded, cases: results };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
