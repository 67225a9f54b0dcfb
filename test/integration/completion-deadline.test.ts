import { describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { offerUrls, signOfferLink } from '#shared/domain/offer-link';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { queuePublisher } from '#shared/wiring/composition';
import { requestFixture, teamFixture } from '../support/fixtures';
import { call } from '../support/http';
import { drained, useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const DAY = 86_400_000;

function sweeper(at: Date) {
  const { stack, adapters } = local();
  const publisher = queuePublisher({ dispatch: stack.queues.dispatch.url, notify: stack.queues.notify.url }, stack.sqs);
  return () => sweepDue({ ...adapters, publisher, clock: { now: () => at } });
}

async function sentTo(address: string, kind: DevOutboxEntry['kind']): Promise<DevOutboxEntry[]> {
  await drained(local().stack, 'notify');
  const outbox = (await call(`${local().url}/dev/outbox`)).json().entries as DevOutboxEntry[];
  return outbox.filter((e) => e.kind === kind && e.to === address);
}

describe('an accepted order’s completion deadline, on the local stack', () => {
  it('reminds the team once by its channel however many sweeps run, then warns it once a day after the deadline', async () => {
    const { adapters } = local();
    const teamId = 'deadline-keeper';
    const address = `${teamId}@example.invalid`;
    const serviceCode = `${teamId}-svc`;
    await adapters.teams.register(teamFixture(teamId, { services: [serviceCode], channels: [{ kind: 'email', address }] }), [serviceCode]);
    const request = requestFixture({ serviceCode, contact: { name: '郑桂芳', phone: '+8613911112222', address: '科大社区5号楼' } });
    await adapters.requests.create({ request, events: [], outbox: [] });
    await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
    const link = signOfferLink((await adapters.requests.get(request.id))!, await adapters.signingKeys.current());
    expect((await call(offerUrls(local().url, request.id, link).accept, { method: 'POST' })).status).toBe(200);

    const accepted = (await adapters.requests.get(request.id))!;
    const deadline = accepted.completeBy!.deadline;
    expect(Date.parse(deadline) - Date.parse(accepted.acceptedAt!)).toBe(3 * DAY);
    expect(accepted.dueAt).toBe(new Date(Date.parse(deadline) - DAY).toISOString());

    const reminderTime = new Date(Date.parse(accepted.dueAt!) + 1000);
    await Promise.all([sweeper(reminderTime)(), sweeper(reminderTime)()]);
    await sweeper(reminderTime)();
    expect(await sentTo(address, 'completion-reminder')).toHaveLength(1);

    const warningTime = new Date(Date.parse(deadline) + DAY + 1000);
    await Promise.all([sweeper(warningTime)(), sweeper(warningTime)()]);
    await sweeper(new Date(warningTime.getTime() + 7 * DAY))();
    const [warning, ...more] = await sentTo(address, 'completion-overdue');
    expect(more).toEqual([]);
    expect(warning!.text).toContain('已超过完成期限');
    expect(await sentTo(address, 'completion-reminder')).toHaveLength(1);
    expect(await adapters.requests.get(request.id)).toMatchObject({ status: 'ACCEPTED', completeBy: { reminded: true, warned: true } });
    expect((await adapters.requests.get(request.id))!.dueAt).toBeUndefined();
  });
});
