import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { DynamoTeamRepository } from '#shared/adapters/dynamo/team-repository';
import { orderMonth } from '#shared/domain/team';
import { dispatchRequest, type DispatchMessageBody } from '#shared/use-cases/dispatch-request';
import { withdrawOffersBeyond } from '#shared/use-cases/withdraw-offers';
import { call, postJson, validSubmission } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack({ teams: true });
const testTeam = (id: string, serviceCode: string, capacity: number) =>
  teamFixture(id, {
    name: { zh: `测试队${id}`, en: `Test team ${id}` },
    servesAreaId: '370902003',
    services: [serviceCode],
    capacity,
  });

/** Requests stored straight through the repository, for a service only the test team handles. */
async function storedRequests(serviceCode: string, count: number): Promise<DispatchMessageBody[]> {
  const messages: DispatchMessageBody[] = [];
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, async () => {
        const request = requestFixture({ serviceCode, description: 'capacity test' });
        await local().adapters.requests.create({ request, events: [], outbox: [] });
        messages.push({ requestId: request.id, version: 1 });
      }),
    );
  }
  return messages;
}

/** Runs every delivery at once; a delivery that throws is delivered again, as SQS would. */
async function deliverAll(deliveries: DispatchMessageBody[]) {
  const deps = { ...local().adapters, clock: { now: () => new Date() } };
  let pending = deliveries;
  let rounds = 0;
  while (pending.length > 0 && rounds++ < 20) {
    const results = await Promise.allSettled(pending.map((m) => dispatchRequest(deps, m)));
    pending = pending.filter((_, i) => results[i]!.status === 'rejected');
  }
  expect(pending).toEqual([]);
}

describe('dispatch on DynamoDB Local', () => {
  it('offers a submitted repair to 瑞迪e修站, says why to staff and only that a team was asked on the status page', async () => {
    const created = (await postJson(`${local().url}/requests`, validSubmission())).json();
    const offered = await eventually(async () => {
      const r = await local().adapters.requests.get(created.id);
      return r?.status === 'OFFERED' && r;
    });
    expect(offered.offer).toMatchObject({ teamId: 'ruidi-repair', teamName: '瑞迪e修站' });
    const view = (await call(`${local().url}/requests/${created.id}?token=${created.accessToken}`)).json();
    expect(view.timeline.at(-1).message.zh).toBe('已请服务队接单，正在等待答复');
    const stored = (await local().adapters.requests.getWithTimeline(created.id))!.timeline;
    expect(stored.at(-1)!.message.zh).toMatch(/^派给 瑞迪e修站: 同社区, 空闲 \d\/\d, 评分/);
    expect((await local().adapters.teams.get('ruidi-repair'))!.active).toBe(1);
  });

  it('does not offer a team whose service staff removed between the coverage query and the read of the team', async () => {
    const { adapters, stack } = local();
    // A service off the menu: the dispatch cannot check the team item's services against its category, only the coverage.
    await adapters.teams.register(testTeam('dropper', 'drop-test', 5), ['drop-test']);
    const [message] = await storedRequests('drop-test', 1);
    const clock = { now: () => new Date() };
    // The dispatch's own client: staff's change lands after its coverage query, before it reads the team items.
    const client = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB! });
    let changed = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchGetItemCommand' && changed++ === 0) {
          await adapters.teams.update('dropper', { services: ['other-test'] }, { handles: () => ['other-test'] });
          // As staff's change does: withdraw what the team holds that it no longer serves (nothing yet).
          expect(await withdrawOffersBeyond({ ...adapters, clock }, 'dropper')).toBe(0);
        }
        return next(args);
      },
      { step: 'initialize', name: 'staff-change-between-reads' },
    );
    const teams = new DynamoTeamRepository(createDocumentClient(client), stack.tableName);
    const outcome = await dispatchRequest({ ...adapters, teams, clock }, message!);
    expect(changed).toBeGreaterThan(0);
    expect(outcome.kind).not.toBe('offered');
    expect(await adapters.requests.get(message!.requestId)).toMatchObject({ status: 'WAITING' });
    expect((await adapters.teams.get('dropper'))!.active).toBe(0);
  });

  it('makes exactly 5 offers from 200 concurrent dispatches to one team of capacity 5, never more at any instant', async () => {
    await local().adapters.teams.register(testTeam('five', 'capacity-test', 5), ['capacity-test']);
    const messages = await storedRequests('capacity-test', 200);
    let highest = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        highest = Math.max(highest, (await local().adapters.teams.get('five'))!.active);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await deliverAll(messages);
    watching = false;
    await watcher;

    const stored = await Promise.all(messages.map((m) => local().adapters.requests.get(m.requestId)));
    const offered = stored.filter((r) => r!.status === 'OFFERED');
    expect(offered).toHaveLength(5);
    expect(offered.every((r) => r!.offer!.teamId === 'five')).toBe(true);
    expect(stored.filter((r) => r!.status === 'WAITING')).toHaveLength(195);
    const five = (await local().adapters.teams.get('five'))!;
    expect(five.active).toBe(5);
    expect(five.recentOrders).toEqual({ [orderMonth(new Date())]: 5 });
    expect(highest).toBeLessThanOrEqual(5);
  });

  it('makes one offer per request when each message arrives one to three times', async () => {
    await local().adapters.teams.register(testTeam('roomy', 'duplicate-test', 100), ['duplicate-test']);
    const messages = await storedRequests('duplicate-test', 30);
    const deliveries = messages.flatMap((m, i) => Array.from({ length: 1 + (i % 3) }, () => m));
    await deliverAll(deliveries);
    for (const m of messages) {
      const found = await local().adapters.requests.getWithTimeline(m.requestId);
      expect(found!.request).toMatchObject({ status: 'OFFERED', version: 2 });
      expect(found!.timeline.filter((e) => e.status === 'OFFERED')).toHaveLength(1);
    }
    expect((await local().adapters.teams.get('roomy'))!.active).toBe(30);
  });

  it('makes one offer per request when the queue delivers copies with new message ids', async () => {
    const { stack, adapters } = local();
    await adapters.teams.register(testTeam('sqs-copies', 'sqs-copy-test', 100), ['sqs-copy-test']);
    const messages = await storedRequests('sqs-copy-test', 20);
    const copies = messages.flatMap((m, i) => Array.from({ length: 1 + (i % 3) }, () => m));
    for (let i = 0; i < copies.length; i += 10) {
      await stack.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.queues.dispatch.url,
          Entries: copies.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
        }),
      );
    }
    await eventually(async () => {
      const left = await stack.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: stack.queues.dispatch.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(left.Attributes?.ApproximateNumberOfMessages) + Number(left.Attributes?.ApproximateNumberOfMessagesNotVisible) === 0;
    }, 20_000);
    for (const m of messages) {
      const found = await adapters.requests.getWithTimeline(m.requestId);
      expect(found!.request.status).toBe('OFFERED');
      expect(found!.timeline.filter((e) => e.status === 'OFFERED')).toHaveLength(1);
    }
    expect((await adapters.teams.get('sqs-copies'))!.active).toBe(20);
  });

  it('lets the resident cancel over HTTP, giving the team its capacity back', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(testTeam('cancel-team', 'appliance-repair', 50), ['appliance-repair']);
    const created = (await postJson(`${url}/requests`, validSubmission())).json();
    const offered = await eventually(async () => {
      const r = await adapters.requests.get(created.id);
      return r?.status === 'OFFERED' && r;
    });
    const holder = offered.offer!.teamId;
    const before = (await adapters.teams.get(holder))!.active;
    const page = await call(`${url}/requests/${created.id}?token=${created.accessToken}`, { headers: { accept: 'text/html' } });
    expect(page.text).toContain(`action="${url}/requests/${created.id}/cancel?token=${created.accessToken}"`);

    expect((await call(`${url}/requests/${created.id}/cancel`, { method: 'POST' })).status).toBe(404);
    const byForm = await call(`${url}/requests/${created.id}/cancel?token=${created.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'confirm=yes',
      redirect: 'manual',
    });
    expect(byForm.status).toBe(303);
    expect(byForm.headers.get('location')).toBe(`${url}/requests/${created.id}?token=${created.accessToken}`);
    expect((await adapters.requests.get(created.id))!.status).toBe('CANCELLED');
    expect((await adapters.teams.get(holder))!.active).toBe(before - 1);

    const again = await call(`${url}/requests/${created.id}/cancel`, {
      method: 'POST',
      headers: { 'x-access-token': created.accessToken },
    });
    expect(again.status).toBe(409);
    const after = await call(`${url}/requests/${created.id}?token=${created.accessToken}`, { headers: { accept: 'text/html' } });
    expect(after.text).not.toContain('/cancel?token=');
  });
});
