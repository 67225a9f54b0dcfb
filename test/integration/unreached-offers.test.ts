/**
 * Review 77's repro, turned round: with SQS for notify/dispatch unreachable for a service day,
 * no team ever hears of its offer, so no offer lapses as the team's: none in the statistics, the
 * automatic offers are not used up and the request does not go to the center. An offer whose
 * notice went out and lapses with the sweep on time still counts as the team's lapse.
 */
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { queuePublisher, statsFacts, tableAdapters } from '#shared/wiring/composition';
import type { TimelineEvent } from '#shared/domain/service-request';
import { requestFixture, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack();
// 08:00 Beijing on a working day, after the machine's clock: the consumer sends the notices.
const T0 = '2027-03-02T00:00:00.000Z';
const DAYS = ['2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05'];

async function setUp(serviceCode: string, down: boolean) {
  const { stack } = local();
  const queues = down
    ? { dispatch: `${stack.queues.dispatch.url}-down`, notify: `${stack.queues.notify.url}-down` }
    : { dispatch: stack.queues.dispatch.url, notify: stack.queues.notify.url };
  const publisher = queuePublisher(queues, stack.sqs);
  const db = createDocumentClient(stack.dynamodb);
  const adapters = tableAdapters(stack.tableName, db, publisher);
  for (const id of ['a', 'b', 'c'].map((t) => `${serviceCode}-${t}`))
    await adapters.teams.register(
      teamFixture(id, { services: [serviceCode], channels: [{ kind: 'email', address: `${id}@example.invalid` }] }),
      [serviceCode],
    );
  const request = requestFixture({ serviceCode, createdAt: T0, updatedAt: T0 });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date(T0) } }, { requestId: request.id, version: 1 });
  const facts = async () => {
    const all = await Promise.all(DAYS.map((day) => statsFacts(stack.tableName, db).ofDay(day)));
    return all.flat().filter((f) => f.requestId === request.id && f.release);
  };
  const sweepAtDeadline = async () => {
    const due = (await adapters.requests.get(request.id))!.dueAt!;
    return sweepDue({ ...adapters, publisher, clock: { now: () => new Date(Date.parse(due) + 1000) } });
  };
  return { adapters, id: request.id, facts, sweepAtDeadline };
}

const released = (timeline: TimelineEvent[]) => timeline.filter((e) => e.release);

describe('offers while the notify path is down', () => {
  it('are no lapse of any team: the automatic offers are not used up, and the request stays with the teams', async () => {
    const { adapters, id, facts, sweepAtDeadline } = await setUp('unreached-down', true);
    expect(await adapters.outbox.unsent(id, 'notice-v2-offer')).toBe(true);
    for (let i = 0; i < 4; i++) expect(await sweepAtDeadline()).toMatchObject({ unreached: 1, lapsed: 0, escalated: 0 });
    const { request, timeline } = (await adapters.requests.getWithTimeline(id))!;
    expect(request.status).toBe('OFFERED');
    expect((request.offersMade ?? 0) - (request.offersWithdrawn ?? 0)).toBe(1);
    expect(released(timeline)).toEqual([]);
    expect(timeline.filter((e) => e.message.zh.includes('未能通知到'))).toHaveLength(4);
    expect(await facts()).toEqual([]);
  });
});

describe('an offer whose notice went out', () => {
  it('lapsing with the sweep on time counts as the team’s lapse, as before', async () => {
    const { adapters, id, facts, sweepAtDeadline } = await setUp('unreached-up', false);
    // The notify consumer delivers the offer notice (its outbox message is settled).
    await eventually(
      async () =>
        !(await adapters.outbox.due('2099-01-01T00:00:00.000Z', 1000)).some((m) => m.requestId === id && m.id === 'notice-v2-offer'),
    );
    expect(await adapters.outbox.unsent(id, 'notice-v2-offer')).toBe(false);
    expect(await sweepAtDeadline()).toMatchObject({ lapsed: 1, unreached: 0 });
    const { request, timeline } = (await adapters.requests.getWithTimeline(id))!;
    expect(released(timeline)).toMatchObject([{ release: { cause: 'timeout' } }]);
    expect(request.offersWithdrawn).toBeUndefined();
    expect(await facts()).toMatchObject([{ release: { cause: 'timeout' } }]);
  });
});
