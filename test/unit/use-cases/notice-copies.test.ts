import type { SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { redeliveryDelaySeconds, remainingRetrySeconds } from '#shared/adapters/sqs/redelivery-backoff';
import { noticeId, type NoticeMessage } from '#shared/domain/notices';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { topology } from '#shared/topology/topology';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { relayOutbox } from '#shared/use-cases/relay-outbox';
import { NoticeNotDeliveredError, sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { notifyCopyRetriedUntil } from '#shared/wiring/notification-adapters';
import { residentSubmission, teamFixture } from '../../support/fixtures';

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const notices = () => mem.publisher.sent.filter((m) => m.queue === 'notify').map((m) => m.body as NoticeMessage);
const received = (count: number) => ({ attributes: { ApproximateReceiveCount: String(count) } }) as unknown as SQSRecord;

beforeEach(() => {
  now = new Date('2026-11-29T02:00:00.000Z');
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: Buffer.alloc(32, 7) },
  });
});

/** 周奶奶's fan repair, accepted by a team: the "a team accepted" SMS to her is committed and sent once. */
async function acceptedNotice(): Promise<NoticeMessage> {
  await mem.teams.register(teamFixture('ruidi', { name: { zh: '瑞迪维修队', en: 'Ruidi' } }), ['appliance-repair']);
  const submission = residentSubmission();
  const { submitted } = await submitRequest(deps(), { submission, channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  await acceptOffer(deps(), submitted.id, 'ruidi');
  return notices().find((n) => n.kind === 'accepted')!;
}

describe('the notify queue’s retry span', () => {
  it('is the longest backoff before each receive a failed record has left, none after its last', () => {
    const { visibilityTimeoutSeconds: visibility, maxReceiveCount } = topology.queues.notify;
    expect(maxReceiveCount).toBe(5);
    // 180, 360, 720 and 900 s, each up to a fifth longer.
    expect(remainingRetrySeconds(1, visibility, maxReceiveCount)).toBe(216 + 432 + 864 + 1080);
    expect(remainingRetrySeconds(4, visibility, maxReceiveCount)).toBe(1080);
    expect(remainingRetrySeconds(5, visibility, maxReceiveCount)).toBe(0);
    expect(notifyCopyRetriedUntil(received(1), now).getTime() - now.getTime()).toBe((216 + 432 + 864 + 1080) * 1000 + 15_000);
  });
});

describe('a notice failing for now while its queue copy backs off', () => {
  it('is not relayed beside the copy; once the copy has had its last try, the relay revives it', async () => {
    const accepted = await acceptedNotice();
    mem.sender.fail = () => new Error('SMS provider timed out');
    const start = now.getTime();
    const { visibilityTimeoutSeconds: visibility, maxReceiveCount } = topology.queues.notify;
    // The queue copy's receives: at once, then after each backoff (jitter in the middle): minutes 0, 3, 9, 21, 36.
    const receives = [0];
    for (let n = 1; n < maxReceiveCount; n++) receives.push(receives.at(-1)! + redeliveryDelaySeconds(n, visibility, () => 0.5) * 1000);
    const relayedAt: number[] = [];
    for (let minute = 0; minute <= 90; minute++) {
      for (const [i, at] of receives.entries()) {
        if (at < minute * 60_000 && at >= (minute - 1) * 60_000) {
          now = new Date(start + at);
          await expect(sendNotice(deps(), accepted, { retriedUntil: notifyCopyRetriedUntil(received(i + 1), now) })).rejects.toBeInstanceOf(
            NoticeNotDeliveredError,
          );
        }
      }
      now = new Date(start + minute * 60_000);
      if ((await relayOutbox(deps())).relayed.includes(noticeId(accepted))) relayedAt.push(minute);
    }
    expect(receives.map((at) => at / 60_000)).toEqual([0, 3, 9, 21, 36]);
    // Nothing beside the copy while it is retried; after its last try (36 min) and within its
    // longest span (43 min 27 s from its first receive), the relay sends a new copy.
    expect(relayedAt[0]).toBe(44);
  });

  it('is relayed after the grace period when no copy of it ever reached the consumer', async () => {
    const accepted = await acceptedNotice();
    now = new Date(now.getTime() + 61_000);
    expect((await relayOutbox(deps())).relayed).toContain(noticeId(accepted));
  });
});
