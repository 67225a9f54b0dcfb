/**
 * One order's whole lifecycle over HTTP on a quiet local stack, every AWS call recorded:
 * submit (and the offer, its notice and statistics that follow), accept, complete, rate (which
 * posts the volunteers' points), and the fold of its facts into the statistics counters. Each
 * step waits until the system is quiet, so what it caused is counted with it. Also: one
 * status-page view, and one run of each schedule. A first order,
 * not recorded, warms DynamoDB Local's JVM and the functions' code paths.
 */
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoStatsCounters } from '#shared/adapters/dynamo/stats-counters';
import { DynamoStatsFacts } from '#shared/adapters/dynamo/stats-facts';
import { statsDay } from '#shared/domain/stats-calendar';
import { issueTeamToken } from '#shared/domain/team-token';
import { talliesOf } from '#shared/use-cases/tally-facts';
import type { tableAdapters } from '#shared/wiring/composition';
import type { LocalStack } from '#infra/local/local-stack';
import { topology, type QueueName } from '#shared/topology/topology';
import { call, postJson, validSubmission } from '../test/support/http';
import { KEDA, teamFixture } from '../test/support/fixtures';
import { acceptedAgo } from '../test/support/visit-time';
import { startWebhookReceiver } from '../test/support/webhook-receiver';
import { settled, startRecording, stopRecording, type SdkCall } from './sdk-calls';

/** One Lambda invocation as the local stack ran it. */
export interface Invocation {
  readonly fn: string;
  readonly ms: number;
  readonly trigger: 'http' | 'queue' | 'schedule';
}

export interface Step {
  readonly step: string;
  /** In the per-order total (a page view and the schedules are priced apart). */
  readonly perOrder: boolean;
  readonly calls: SdkCall[];
  readonly invocations: Invocation[];
}

export interface Lifecycle {
  readonly steps: Step[];
  /** The DynamoDB writes submit-request and dispatch-request made for the order, in order. */
  readonly orderWrites: SdkCall[];
  /** Every DynamoDB write of the order up to its notice, in order: also the statistics and the notice's. */
  readonly noticeWrites: SdkCall[];
  readonly ids: { readonly requestId: string; readonly trackingCode: string; readonly teamId: string };
  readonly candidates: number;
}

const CANDIDATES = 10;

/** A resident's words, repeated to `chars` characters: the fixture's own description when absent. */
export function descriptionOf(chars: number | undefined): Record<string, string> {
  if (!chars) return {};
  const words = '家里的收音机没有声音了，老人每天都要听戏曲和新闻，独居在家也没有别人可以帮忙看看。';
  return { description: words.repeat(Math.ceil(chars / words.length)).slice(0, chars) };
}

/** `httpLog` holds the local stack's `http` log lines (`POST /requests → 201 12ms`), oldest first. */
export async function runLifecycle(
  stack: LocalStack,
  adapters: ReturnType<typeof tableAdapters>,
  httpLog: string[],
  descriptionChars?: number,
): Promise<Lifecycle> {
  const hook = await startWebhookReceiver();
  const teams = Array.from({ length: CANDIDATES }, (_, i) =>
    teamFixture(`life-${String(i).padStart(3, '0')}`, {
      channels: [
        {
          kind: 'webhook',
          url: `${hook.url}/life-${String(i).padStart(3, '0')}`,
          format: 'json',
          secret: 'bench-webhook-secret-0123456789',
        },
      ],
    }),
  );
  const tokens = new Map<string, string>();
  for (const team of teams) {
    await adapters.teams.register(team, team.services);
    const issued = issueTeamToken(team.id);
    await adapters.teams.setTokenHash(team.id, issued.hash);
    tokens.set(team.id, issued.token);
  }
  const consumers = new Map<string, string>();
  for (const [fn, spec] of Object.entries(topology.functions)) {
    for (const t of spec.triggers) if (t.kind === 'queue') consumers.set(stack.queues[t.queue as QueueName].url, fn);
  }
  const steps: Step[] = [];
  const api = stack.apiUrl;
  const json = { 'content-type': 'application/json' };

  async function step(name: string, perOrder: boolean, act: () => Promise<string[]>): Promise<Step> {
    await settled();
    const logged = httpLog.length;
    const calls = startRecording({ estimateWrites: true });
    const fns = await act();
    await settled();
    stopRecording();
    const httpMs = httpLog.slice(logged).map((line) => Number(/ (\d+)ms$/.exec(line)?.[1] ?? 0));
    const invocations: Invocation[] = [
      ...fns.map((fn, i) => ({ fn, ms: httpMs[i] ?? 0, trigger: 'http' as const })),
      ...queueInvocations(calls, consumers),
    ];
    const s = { step: name, perOrder, calls, invocations };
    steps.push(s);
    return s;
  }

  async function oneOrder() {
    let created = { id: '', trackingCode: '', accessToken: '' };
    const submitted = await step('submit → offer + notice', true, async () => {
      const reply = await postJson(`${api}/requests`, validSubmission({ areaId: KEDA, ...descriptionOf(descriptionChars) }));
      if (reply.status !== 201) throw new Error(`POST /requests answered ${reply.status}: ${reply.text}`);
      created = reply.json();
      await until(() => hook.received.some((r) => r.body.includes(created.id)));
      return ['submit-request'];
    });
    const teamId = hook.received.find((r) => r.body.includes(created.id))!.path.slice(1);
    const team = { authorization: `Bearer ${tokens.get(teamId)}` };
    await step('accept', true, async () => {
      await expectOk(call(`${api}/offers/${created.id}/accept`, { method: 'POST', headers: team }));
      return ['answer-offer'];
    });
    // The visit's time (a report has no more minutes than since acceptance), outside the recorded steps.
    await acceptedAgo({ stack }, created.id);
    await step('complete', true, async () => {
      const body = JSON.stringify({
        hours: [
          { volunteer: '小李', minutes: 120 },
          { volunteer: '老张', minutes: 90 },
        ],
      });
      await expectOk(call(`${api}/requests/${created.id}/complete`, { method: 'POST', headers: { ...team, ...json }, body }));
      return ['complete-request'];
    });
    await step('rate + points', true, async () => {
      await expectOk(
        call(`${api}/requests/${created.id}/rating`, {
          method: 'POST',
          headers: { 'x-access-token': created.accessToken, ...json },
          body: '{"stars":5}',
        }),
      );
      return ['resident-feedback'];
    });
    const final = await adapters.requests.get(created.id);
    if (final?.status !== 'CLOSED') throw new Error(`lifecycle ended in ${final?.status}, not CLOSED`);
    await step('status page view', false, async () => {
      await expectOk(call(`${api}/requests/${created.id}`, { headers: { 'x-access-token': created.accessToken } }));
      return ['get-request'];
    });
    return { created, teamId, submitted };
  }

  // The first order warms DynamoDB Local's JVM and the functions' code paths; the second is the one reported.
  let order = await oneOrder();
  steps.length = 0;
  order = await oneOrder();
  for (const schedule of stack.schedules) {
    await schedule.runNow();
    const calls = startRecording({ estimateWrites: true });
    const t0 = performance.now();
    await schedule.runNow();
    const ms = performance.now() - t0;
    await settled();
    stopRecording();
    steps.push({
      step: `schedule ${schedule.functionName}`,
      perOrder: false,
      calls,
      invocations: [{ fn: schedule.functionName, ms, trigger: 'schedule' }],
    });
  }
  // The fold of the order's day (statistics), once the day is over: what roll-up-stats reads and
  // writes for this order, its facts sharing no counter item with another order's (as at the
  // lowest traffic). Part of the hourly run, so no invocation of its own.
  {
    const previous = process.env.POWERTOOLS_SERVICE_NAME;
    process.env.POWERTOOLS_SERVICE_NAME = 'roll-up-stats';
    const db = createDocumentClient(stack.dynamodb);
    if (previous === undefined) delete process.env.POWERTOOLS_SERVICE_NAME;
    else process.env.POWERTOOLS_SERVICE_NAME = previous;
    const facts = new DynamoStatsFacts(db, stack.tableName);
    const counters = new DynamoStatsCounters(db, stack.tableName);
    const request = await adapters.requests.get(order.created.id);
    const day = statsDay(request!.createdAt);
    await settled();
    const calls = startRecording({ estimateWrites: true });
    const own = (await facts.ofDay(day)).filter((f) => f.requestId === order.created.id);
    await counters.fold(day, await talliesOf(adapters, own));
    await settled();
    stopRecording();
    steps.push({ step: 'fold of its day (statistics)', perOrder: true, calls, invocations: [] });
  }
  await hook.close();
  const noticeWrites = order.submitted.calls.filter(
    (c) => c.ok && c.service === 'DynamoDB' && c.owner !== 'local' && /Put|Update|Delete|Write/.test(c.operation),
  );
  const orderWrites = noticeWrites.filter((c) => ['submit-request', 'dispatch-request'].includes(c.owner));
  return {
    steps,
    orderWrites,
    noticeWrites,
    ids: { requestId: order.created.id, trackingCode: order.created.trackingCode, teamId: order.teamId },
    candidates: CANDIDATES,
  };
}

/**
 * What Lambda's SQS event source does, as the local pollers did it: each receive that returned
 * messages is one invocation, lasting until the batch's DeleteMessageBatch was sent.
 */
function queueInvocations(calls: SdkCall[], consumers: Map<string, string>): Invocation[] {
  const deletes = calls.filter((c) => c.operation === 'DeleteMessageBatch' && c.owner === 'local');
  return calls
    .filter((c) => c.operation === 'ReceiveMessage' && c.owner === 'local' && c.received?.length)
    .map((r) => {
      const handles = new Set(r.received);
      const del = deletes.find((d) =>
        ((d.input.Entries ?? []) as Array<{ ReceiptHandle: string }>).some((e) => handles.has(e.ReceiptHandle)),
      );
      return {
        fn: consumers.get(String(r.input.QueueUrl)) ?? 'unknown',
        ms: del ? del.startedAt - r.endedAt : 0,
        trigger: 'queue' as const,
      };
    });
}

async function expectOk(reply: Promise<{ status: number; text: string }>): Promise<void> {
  const r = await reply;
  if (r.status !== 200) throw new Error(`lifecycle step answered ${r.status}: ${r.text}`);
}

async function until(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`no webhook within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
