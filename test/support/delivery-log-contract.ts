/** What every DeliveryLog does: on DynamoDB Local (integration) and in memory (unit). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeliveryInFlightError, type DeliveryLog, type DeliveryOutcome } from '#shared/ports/delivery-log';

const newKey = () => `req-${randomUUID()}#v2#offer#target`;

/** A delivery that runs until `finish` is called, counting its runs. */
function heldDelivery(outcome: DeliveryOutcome) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const delivery = { runs: 0, finish: () => finish(), run: async () => (delivery.runs++, await done, outcome) };
  return delivery;
}

export function deliveryLogContract(name: string, subject: () => DeliveryLog): void {
  describe(name, () => {
    it('runs a delivery once and answers its outcome to every later attempt', async () => {
      const log = subject();
      const [sent, refused] = [newKey(), newKey()];
      let runs = 0;
      const deliver = (outcome: DeliveryOutcome) => async () => (runs++, outcome);
      expect(await log.once(sent, deliver('sent'))).toEqual({ outcome: 'sent', fresh: true });
      expect(await log.once(refused, deliver('refused'))).toEqual({ outcome: 'refused', fresh: true });
      expect(await log.once(sent, deliver('refused'))).toEqual({ outcome: 'sent', fresh: false });
      expect(await log.once(refused, deliver('sent'))).toEqual({ outcome: 'refused', fresh: false });
      expect(runs).toBe(2);
    });

    it('forgets a delivery that threw, so the next attempt runs it', async () => {
      const log = subject();
      const key = newKey();
      await expect(
        log.once(key, async () => {
          throw new Error('provider down');
        }),
      ).rejects.toThrow('provider down');
      expect(await log.once(key, async () => 'sent')).toEqual({ outcome: 'sent', fresh: true });
    });

    it('refuses a second attempt while the first is in flight, without running it', async () => {
      const log = subject();
      const key = newKey();
      const first = heldDelivery('sent');
      const running = log.once(key, first.run);
      await expect.poll(() => first.runs).toBe(1);
      let secondRan = false;
      await expect(log.once(key, async () => ((secondRan = true), 'sent'))).rejects.toBeInstanceOf(DeliveryInFlightError);
      first.finish();
      expect(await running).toEqual({ outcome: 'sent', fresh: true });
      expect(secondRan).toBe(false);
      expect(await log.once(key, async () => 'refused')).toEqual({ outcome: 'sent', fresh: false });
    });
  });
}
