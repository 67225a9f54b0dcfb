/**
 * The SQS actions each kind of queue access grants, in one place: the function construct grants
 * them and `test/infra/adapter-grants.test.ts` runs the SQS adapters and checks every command
 * they send, on every queue it goes to, against them (the local stack does not enforce IAM).
 * A queue trigger ('consume') is not here: the Lambda event source grants its own actions.
 */
export const queueActions = {
  /** `queues: { <name>: 'send' }`: publish to the queue. */
  send: ['sqs:SendMessage'],
  /**
   * `deadLetters: 'manage'`, on every queue of the topology. Looking counts a DLQ and peeks at it
   * (a receive with visibility 0); a redrive receives, sends to the source queue, then deletes from
   * the DLQ (DeleteMessageBatch is authorized as sqs:DeleteMessage, SendMessageBatch as
   * sqs:SendMessage). No ChangeMessageVisibility: the adapter never changes a message's visibility.
   */
  deadLetters: {
    deadLetterQueue: ['sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    queue: ['sqs:SendMessage'],
  },
} as const;
