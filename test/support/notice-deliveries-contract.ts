/** What every NoticeDeliveries does: on DynamoDB Local (integration) and in memory (unit). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeliveryInFlightError, type DeliveryOutcome } from '#shared/ports/delivery-log';
import type { NoticeDeliveries, NoticeRef } from '#shared/ports/notice-deliveries';
import type { Outbox } from '#shared/ports/outbox';

export interface NoticeDeliveriesSubject {
  readonly deliveries: NoticeDeliveries;
  /** Writes the outbox message of a new request's notice `notice-v2-offer`, as a status change does. */
  readonly newNotice: () => Promise<NoticeRef>;
  /** Whether the notice's outbox message is still there (not settled). */
  readonly unsettled: (notice: NoticeRef) => Promise<boolean>;
  /** The outbox the notices' messages are in, which removes one when given up and tells whether one is still unsent. */
  readonly outbox: Pick<Outbox, 'remove' | 'unsent'>;
}

/** A target's delivery that counts its runs and answers `outcome` (or throws it). */
function target(name: string, outcome: DeliveryOutcome | Error = 'sent') {
  const t = {
    runs: 0,
    key: `${name}-${randomUUID().slice(0, 8)}`,
    deliver: async () => {
      t.runs++;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
  return t;
}

const values = (results: 'settled' | PromiseSettledResult<unknown>[]) =>
  results === 'settled' ? results : results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));

export function noticeDeliveriesContract(name: string, subject: () => NoticeDeliveriesSubject): void {
  describe(name, () => {
    it('lets the outbox, removing an unsettled notice, say whether a target of it was sent; a settled one it finds gone', async () => {
      const { deliveries, newNotice, outbox } = subject();
      const remove = (notice: NoticeRef) => outbox.remove(notice.requestId, notice.messageId);
      const partly = await newNotice();
      await deliveries.deliver(partly, [target('a'), target('b', new Error('webhook answered 503'))]);
      expect(await remove(partly)).toEqual({ sentToAny: true });
      expect(await remove(partly)).toBeUndefined();
      const refusedOnly = await newNotice();
      await deliveries.deliver(refusedOnly, [target('a', 'refused'), target('b', new Error('webhook answered 503'))]);
      expect(await remove(refusedOnly)).toEqual({ sentToAny: false });
      const untried = await newNotice();
      expect(await remove(untried)).toEqual({ sentToAny: false });
      const settled = await newNotice();
      await deliveries.deliver(settled, [target('a')]);
      expect(await remove(settled)).toBeUndefined();
    });

    it('lets the outbox say whether a notice is still unsent: there, and no target of it sent (the sweep asks of an offer)', async () => {
      const { deliveries, newNotice, outbox } = subject();
      const unsent = (notice: NoticeRef) => outbox.unsent(notice.requestId, notice.messageId);
      const untried = await newNotice();
      expect(await unsent(untried)).toBe(true);
      const failing = await newNotice();
      await deliveries.deliver(failing, [target('a', new Error('SMS provider down')), target('b', 'refused')]);
      expect(await unsent(failing)).toBe(true);
      const partly = await newNotice();
      await deliveries.deliver(partly, [target('a'), target('b', new Error('webhook answered 503'))]);
      expect(await unsent(partly)).toBe(false);
      const settled = await newNotice();
      await deliveries.deliver(settled, [target('a')]);
      expect(await unsent(settled)).toBe(false);
      await outbox.remove(untried.requestId, untried.messageId);
      expect(await unsent(untried)).toBe(false);
    });

    it('keeps a notice every target refused, unsent, when asked to (keepUnsent): outcomes recorded, nothing run again', async () => {
      const { deliveries, newNotice, unsettled, outbox } = subject();
      const notice = await newNotice();
      const [a, b] = [target('a', 'refused'), target('b', 'refused')];
      let asked = 0;
      const keep = () => (asked++, true);
      expect(values(await deliveries.deliver(notice, [a, b], keep))).toEqual([
        { outcome: 'refused', fresh: true },
        { outcome: 'refused', fresh: true },
      ]);
      expect(await unsettled(notice)).toBe(true);
      expect(await outbox.unsent(notice.requestId, notice.messageId)).toBe(true);
      expect(values(await deliveries.deliver(notice, [a, b], keep))).toEqual([
        { outcome: 'refused', fresh: false },
        { outcome: 'refused', fresh: false },
      ]);
      expect([a.runs, b.runs, asked]).toEqual([1, 1, 2]);
      expect(await outbox.remove(notice.requestId, notice.messageId)).toEqual({ sentToAny: false });
      // One target sent: settled, not asked.
      const partly = await newNotice();
      await deliveries.deliver(partly, [target('a'), target('b', 'refused')], keep);
      expect([await unsettled(partly), asked]).toEqual([false, 2]);
      // Not kept when it says no.
      const refused = await newNotice();
      await deliveries.deliver(refused, [target('a', 'refused')], () => false);
      expect(await unsettled(refused)).toBe(false);
    });

    it('delivers to each target once and settles the notice; a later copy sends nothing', async () => {
      const { deliveries, newNotice, unsettled } = subject();
      const notice = await newNotice();
      const [a, b] = [target('a'), target('b', 'refused')];
      expect(values(await deliveries.deliver(notice, [a, b]))).toEqual([
        { outcome: 'sent', fresh: true },
        { outcome: 'refused', fresh: true },
      ]);
      expect(await unsettled(notice)).toBe(false);
      expect(await deliveries.deliver(notice, [a, b])).toBe('settled');
      expect([a.runs, b.runs]).toEqual([1, 1]);
    });

    it('keeps the notice while a target failed for now, and the next attempt sends only to that one', async () => {
      const { deliveries, newNotice, unsettled } = subject();
      const notice = await newNotice();
      const [a, down] = [target('a'), target('down', new Error('webhook answered 503'))];
      const first = await deliveries.deliver(notice, [a, down]);
      expect(values(first)).toEqual([{ outcome: 'sent', fresh: true }, new Error('webhook answered 503')]);
      expect(await unsettled(notice)).toBe(true);
      const up = target('up');
      up.key = down.key;
      expect(values(await deliveries.deliver(notice, [a, up]))).toEqual([
        { outcome: 'sent', fresh: false },
        { outcome: 'sent', fresh: true },
      ]);
      expect([a.runs, down.runs, up.runs]).toEqual([1, 1, 1]);
      expect(await unsettled(notice)).toBe(false);
    });

    it('refuses a target another attempt is sending to, without sending, and does not settle under it', async () => {
      const { deliveries, newNotice, unsettled } = subject();
      const notice = await newNotice();
      let finish = () => {};
      const held = new Promise<void>((resolve) => (finish = resolve));
      const slow = { ...target('slow'), runs: 0 };
      slow.deliver = async () => (slow.runs++, await held, 'sent' as const);
      const running = deliveries.deliver(notice, [slow]);
      await expect.poll(() => slow.runs).toBe(1);
      const copy = target('copy');
      const second = await deliveries.deliver(notice, [{ key: slow.key, deliver: copy.deliver }]);
      expect(second).toEqual([{ status: 'rejected', reason: expect.any(DeliveryInFlightError) }]);
      expect(copy.runs).toBe(0);
      expect(await unsettled(notice)).toBe(true);
      finish();
      expect(values(await running)).toEqual([{ outcome: 'sent', fresh: true }]);
      expect(await unsettled(notice)).toBe(false);
    });

    it('sends nothing for a notice settled already (its message removed)', async () => {
      const { deliveries, newNotice } = subject();
      const notice = await newNotice();
      await deliveries.deliver(notice, [target('a')]);
      const late = target('late');
      expect(await deliveries.deliver(notice, [late])).toBe('settled');
      expect(late.runs).toBe(0);
    });

    it("keeps each request's notices apart: the same notice of another request is delivered on its own", async () => {
      const { deliveries, newNotice } = subject();
      const [one, other] = [await newNotice(), await newNotice()];
      expect(other.messageId).toBe(one.messageId);
      await deliveries.deliver(one, [target('a')]);
      expect(values(await deliveries.deliver(other, [target('b')]))).toEqual([{ outcome: 'sent', fresh: true }]);
    });
  });
}
