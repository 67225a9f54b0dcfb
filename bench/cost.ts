/**
 * Prices the recorded lifecycle: what each step used (API requests, Lambda invocations and
 * GB-seconds, DynamoDB units, SQS requests, SMS), per order and for a month of 1,000 orders a
 * day, plus what runs whatever the orders: the two schedules and the idle SQS polling.
 */
import { topology } from '#shared/topology/topology';
import type { Step } from './lifecycle';
import { prices } from './prices';

/** Issue 15's goal for one order's lifecycle, with the same guarantees. */
export const GOAL_DOLLARS_PER_ORDER = 0.00005;

export interface Usage {
  apiRequests: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  dynamoCalls: number;
  readUnits: number;
  /** Write units as AWS charges them (bench/write-units.ts), and of them the indexes' copies. */
  writeUnits: number;
  indexWriteUnits: number;
  /** Write units as DynamoDB Local reports them (not per item in transactions: shown for reference). */
  localWriteUnits: number;
  sqsRequests: number;
  sms: number;
}

const zero = (): Usage => ({
  apiRequests: 0,
  lambdaRequests: 0,
  lambdaGbSeconds: 0,
  dynamoCalls: 0,
  readUnits: 0,
  writeUnits: 0,
  indexWriteUnits: 0,
  localWriteUnits: 0,
  sqsRequests: 0,
  sms: 0,
});

const devOutboxItem = (input: Record<string, unknown>) =>
  (input.Item as { pk?: string; channel?: string } | undefined)?.pk === 'DEVOUTBOX' ? (input.Item as { channel?: string }) : undefined;

export function usageOf(step: Step): Usage {
  const u = zero();
  // The write estimate's reads ran inside the functions: their time is not the function's.
  const estimateMs = new Map<string, number>();
  for (const c of step.calls) if (c.estimateMs > 0) estimateMs.set(c.owner, (estimateMs.get(c.owner) ?? 0) + c.estimateMs);
  for (const inv of step.invocations) {
    if (inv.trigger === 'http') u.apiRequests++;
    u.lambdaRequests++;
    u.lambdaGbSeconds += (Math.ceil(inv.ms) / 1000) * (memoryMbOf(inv.fn) / 1024);
  }
  for (const [fn, ms] of estimateMs) u.lambdaGbSeconds -= (ms / 1000) * (memoryMbOf(fn) / 1024);
  u.lambdaGbSeconds = Math.max(0, u.lambdaGbSeconds);
  for (const c of step.calls) {
    if (c.service === 'DynamoDB' && c.owner !== 'local') {
      // The local stack keeps SMS and email in the table (the dev outbox); on AWS they go to SNS and SES.
      const kept = devOutboxItem(c.input);
      if (kept) {
        if (kept.channel === 'sms') u.sms++;
        continue;
      }
      u.dynamoCalls++;
      u.readUnits += c.readUnits;
      u.localWriteUnits += c.writeUnits;
      if (c.awsWriteUnits) {
        u.writeUnits += c.awsWriteUnits.table + c.awsWriteUnits.indexes;
        u.indexWriteUnits += c.awsWriteUnits.indexes;
      } else u.writeUnits += c.writeUnits;
    } else if (c.service === 'SQS') {
      // Functions send; the event source (the local pollers here, Lambda on AWS) receives and deletes.
      if (c.owner !== 'local' && c.operation.startsWith('Send')) u.sqsRequests++;
      if (c.owner === 'local' && c.operation === 'ReceiveMessage' && c.received?.length) u.sqsRequests++;
      if (c.owner === 'local' && c.operation === 'DeleteMessageBatch') u.sqsRequests++;
    }
  }
  return u;
}

export function sum(usages: Usage[]): Usage {
  const total = zero();
  for (const u of usages) for (const k of Object.keys(total) as Array<keyof Usage>) total[k] += u[k];
  return total;
}

export const ORDERS_PER_DAY = 1000;
const DAYS = 30;
const MINUTES = DAYS * 24 * 60;
/**
 * Lambda polls each consumed queue even when it is empty: with little traffic it keeps two
 * pollers (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html) making
 * 20-second long polls, 3 receives a minute each. That is an estimate, not a measurement.
 */
const IDLE_POLLERS = 2;
const IDLE_RECEIVES_PER_POLLER_MINUTE = 3;

export interface CostRow {
  readonly item: string;
  readonly perOrder: number;
  readonly unitPrice: string;
  readonly dollarsPerOrder: number;
  /** Per month: 30 days of 1,000 orders, plus the fixed part. */
  readonly monthlyQuantity: number;
  readonly monthlyDollars: number;
}

export function costTable(steps: Step[]): { rows: CostRow[]; perOrder: Usage; fixedMonthly: Usage; pageView: Usage; notes: string[] } {
  const perOrder = sum(steps.filter((s) => s.perOrder).map(usageOf));
  const fixedMonthly = zero();
  const notes: string[] = [];
  for (const s of steps.filter((x) => x.step.startsWith('schedule '))) {
    const fn = s.step.slice('schedule '.length);
    const every =
      (topology.functions as Record<string, { triggers: ReadonlyArray<{ kind: string; everyMinutes?: number }> }>)[fn]?.triggers.find(
        (t) => t.kind === 'schedule',
      )?.everyMinutes ?? 1;
    const runs = MINUTES / every;
    const u = usageOf(s);
    for (const k of Object.keys(u) as Array<keyof Usage>) fixedMonthly[k] += u[k] * runs;
    notes.push(
      `${fn} every ${every} min: ${runs.toLocaleString('en')} runs a month, each ${u.dynamoCalls} DynamoDB call(s), ${fmt(u.readUnits)} RRU`,
    );
  }
  const consumedQueues = new Set(
    Object.values(topology.functions).flatMap((f) =>
      f.triggers.filter((t) => t.kind === 'queue').map((t) => (t as { queue: string }).queue),
    ),
  );
  const idle = consumedQueues.size * IDLE_POLLERS * IDLE_RECEIVES_PER_POLLER_MINUTE * MINUTES;
  fixedMonthly.sqsRequests += idle;
  notes.push(
    `idle SQS polling (estimate): ${consumedQueues.size} consumed queues × ${IDLE_POLLERS} pollers × ${IDLE_RECEIVES_PER_POLLER_MINUTE} long polls a minute = ${idle.toLocaleString('en')} requests a month`,
  );
  const orders = ORDERS_PER_DAY * DAYS;
  const row = (item: string, key: keyof Usage, price: number, per: number, unitPrice: string): CostRow => ({
    item,
    perOrder: perOrder[key],
    unitPrice,
    dollarsPerOrder: (perOrder[key] * price) / per,
    monthlyQuantity: perOrder[key] * orders + fixedMonthly[key],
    monthlyDollars: ((perOrder[key] * orders + fixedMonthly[key]) * price) / per,
  });
  const rows = [
    row('API Gateway HTTP API requests', 'apiRequests', prices.httpApiRequestPerMillion, 1e6, `$${prices.httpApiRequestPerMillion}/M`),
    row('Lambda requests', 'lambdaRequests', prices.lambdaRequestPerMillion, 1e6, `$${prices.lambdaRequestPerMillion}/M`),
    row('Lambda GB-seconds (arm64)', 'lambdaGbSeconds', prices.lambdaArmGbSecond, 1, `$${prices.lambdaArmGbSecond}/GB-s`),
    row('DynamoDB write request units', 'writeUnits', prices.dynamodbWriteUnitPerMillion, 1e6, `$${prices.dynamodbWriteUnitPerMillion}/M`),
    row('DynamoDB read request units', 'readUnits', prices.dynamodbReadUnitPerMillion, 1e6, `$${prices.dynamodbReadUnitPerMillion}/M`),
    row('SQS requests', 'sqsRequests', prices.sqsRequestPerMillion, 1e6, `$${prices.sqsRequestPerMillion}/M`),
  ];
  const pageView = sum(steps.filter((s) => s.step === 'status page view').map(usageOf));
  return { rows, perOrder, fixedMonthly, pageView, notes };
}

/**
 * What INIT would add to an order if every one of its invocations started cold, as at the low
 * end of the traffic this is built for: Lambda bills INIT for ZIP functions on managed runtimes
 * since 1 August 2025, at the same GB-second price. Per cold start: the function's import time
 * (`importMs`, measured in a fresh node) × its memory. The runtime's own start, billed too, is
 * not measurable here, so this is the part our code decides, not all of INIT.
 */
export function coldInit(
  steps: Step[],
  importMs: ReadonlyMap<string, number>,
): { gbSeconds: number; dollars: number; unmeasured: string[] } {
  let gbSeconds = 0;
  const unmeasured = new Set<string>();
  for (const inv of steps.filter((s) => s.perOrder).flatMap((s) => s.invocations)) {
    const ms = importMs.get(inv.fn);
    if (ms === undefined || !Number.isFinite(ms)) unmeasured.add(inv.fn);
    else gbSeconds += (ms / 1000) * (memoryMbOf(inv.fn) / 1024);
  }
  return { gbSeconds, dollars: gbSeconds * prices.lambdaArmGbSecond, unmeasured: [...unmeasured] };
}

const memoryMbOf = (fn: string) => (topology.functions as Record<string, { memoryMb: number }>)[fn]?.memoryMb ?? 512;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
