/**
 * A request staff cancel is told to the resident (`cancelled`), through the outbox, the notify
 * queue and its consumer as the other resident notices are; one the resident cancelled is not.
 */
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { cancelByAdmin } from '#shared/use-cases/admin-requests';
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { KEDA } from '../support/fixtures';
import { call, postForm, postJson, validSubmission } from '../support/http';
import { drained, eventually, useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const station = () => ({ authorization: `Bearer ${local().stack.adminTokens.station}` });
const devOutbox = async (): Promise<DevOutboxEntry[]> => (await call(`${local().url}/dev/outbox`)).json().entries;

/** The request once dispatch has handled it. */
async function settled(id: string) {
  return eventually(async () => {
    const request = await local().adapters.requests.get(id);
    return request && request.status !== 'SUBMITTED' && request;
  });
}

describe('a request cancelled by staff', () => {
  it('texts the resident the reason and whom to call, once, and the status page says it in either language', async () => {
    const { url, stack } = local();
    // 代点单: an elderly resident phoned the station, which ordered for them.
    const ordered = (
      await postJson(`${url}/admin/requests`, validSubmission({ contactName: '孙奶奶', phone: '13522223333' }), station())
    ).json();
    // Staff act on the request as dispatch left it (no team serves it here).
    const { version } = await settled(ordered.id);
    const cancelled = await postJson(
      `${url}/admin/requests/${ordered.id}/cancel`,
      { reason: '老人已住院，家属来电取消', version },
      station(),
    );
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED' });

    const sms = await eventually(async () => (await devOutbox()).find((e) => e.to === '+8613522223333' && e.kind === 'cancelled'));
    expect(sms.outcome).toBe('sent');
    expect(sms.text).toBe(
      `【社区志愿服务】您的服务单${ordered.trackingCode}（小家电维修）已由社区工作人员取消，原因：老人已住院，家属来电取消。如有疑问，请致电社区服务站。`,
    );
    // Settled: nothing of it is left on the queue or in the outbox, nothing dead-lettered, and it went once.
    expect(await drained(stack, 'notify')).toBe(0);
    expect((await devOutbox()).filter((e) => e.to === '+8613522223333' && e.kind === 'cancelled')).toHaveLength(1);

    const view = (
      await call(`${url}/requests/${ordered.id}?token=${ordered.accessToken}`, { headers: { accept: 'application/json' } })
    ).json();
    expect(view.cancelledByStaff).toEqual({ reason: '老人已住院，家属来电取消' });
    const page = `${url}/requests/${ordered.id}?token=${ordered.accessToken}&lang=en`;
    const en = (await call(page, { headers: { accept: 'text/html' } })).text;
    expect(en).toContain(
      'This request was cancelled by community staff: 老人已住院，家属来电取消. If you have questions, call your community station.',
    );
  });

  it('commits the notice with the cancellation, so the relay sends it when no queue send followed', async () => {
    const { stack } = local();
    // A function without the notify queue: the committed notice waits in the outbox for the relay.
    const withoutQueue = tableAdapters(stack.tableName, createDocumentClient(stack.dynamodb));
    const staff = { id: 'keda', name: 'keda-station@paidan.local', role: 'station', areaId: KEDA } as const;
    const submitted = (await postJson(`${local().url}/admin/requests`, validSubmission({ phone: '13544445555' }), station())).json();
    const { version } = await settled(submitted.id);
    await cancelByAdmin({ ...withoutQueue, clock: { now: () => new Date() } }, staff, submitted.id, { reason: '重复登记', version });
    // The relay's clock: past the minute a committed notice is left to its first send.
    const later = { now: () => new Date(Date.now() + 120_000) };
    const pending = await withoutQueue.outbox.due(later.now().toISOString(), 100);
    const notice = pending.find((m) => m.requestId === submitted.id && m.id.endsWith('-cancelled'));
    expect(notice).toMatchObject({
      id: `notice-v${version + 1}-cancelled`,
      queue: 'notify',
      body: { kind: 'cancelled', version: version + 1 },
    });

    const publisher = queuePublisher({ notify: stack.queues.notify.url }, stack.sqs);
    // Without quiet hours, as the local stack's relay: run at night, it would hold the resident's notice until 07:00.
    const relay = { outbox: withoutQueue.outbox, publisher, clock: later, quietHours: false };
    expect((await relayOutbox(relay)).relayed).toContain(notice!.id);
    const sms = await eventually(async () => (await devOutbox()).find((e) => e.to === '+8613544445555' && e.kind === 'cancelled'));
    expect(sms.text).toContain('原因：重复登记');
    // Settled by its consumer: the relay has nothing of it left to send.
    await eventually(async () => !(await withoutQueue.outbox.due(later.now().toISOString(), 100)).some((m) => m.id === notice!.id));
  });

  it('texts nothing to a resident who cancelled themselves', async () => {
    const { url, stack } = local();
    const own = (await postJson(`${url}/requests`, validSubmission({ phone: '13533334444' }))).json();
    await postForm(`${url}/requests/${own.id}/cancel?token=${own.accessToken}`, { confirm: 'yes' });
    await eventually(async () => (await local().adapters.requests.get(own.id))?.status === 'CANCELLED');
    expect(await drained(stack, 'notify')).toBe(0);
    expect((await devOutbox()).filter((e) => e.to === '+8613533334444').map((e) => e.kind)).not.toContain('cancelled');
  });
});
