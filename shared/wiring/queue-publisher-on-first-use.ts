/**
 * A queue publisher whose SQS client and adapter load on the first publish (files of their own in
 * the bundle): for a function whose cold start must stay small, `volunteer-self`, which publishes
 * only a sign-in code. Every caller's first publish in a container pays the load alike. A failed
 * load is not remembered.
 */
import type { QueueName } from '#shared/topology/spec';
import type { QueuePublisher } from '#shared/ports/queue-publisher';

export function queuePublisherOnFirstUse(urls: Partial<Record<QueueName, string>>): QueuePublisher {
  let loaded: Promise<QueuePublisher> | undefined;
  // One module, so one file on first use (and no extra chunks shared with the handler's).
  const load = async () => (await import('./queue-publisher')).queuePublisher(urls);
  return {
    async publish(message, options) {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return (await loaded).publish(message, options);
    },
  };
}
