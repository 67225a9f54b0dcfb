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
  const load = async () => {
    const [{ SqsQueuePublisher }, { sqsClient }] = await Promise.all([
      import('#shared/adapters/sqs/queue-publisher'),
      import('#shared/adapters/sqs/client'),
    ]);
    return new SqsQueuePublisher(sqsClient(), urls);
  };
  return {
    async publish(message) {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return (await loaded).publish(message);
    },
  };
}
