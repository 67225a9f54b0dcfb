/**
 * The SQS actions each kind of queue access grants, in one place: the function construct grants
 * them and `test/infra/adapter-grants.test.ts` runs the SQS adapters and checks every command
 * they send, on every queue it goes to, against them (the local stack does not enforce IAM).
 * A queue trigger ('consume') is granted by the Lambda event source itself; `consume` lists what
 * it grants, so the stack test can check the template and the redelivery adapter its commands.
 */
export const queueActions = {
  /**
   * `queues: { <name>: 'consume' }`: what the SQS event source grants its function on the queue
   * (CDK's grantConsumeMessages). The consumer's own calls (`SqsRedelivery`: look the queue up,
   * put off a failed record) must stay within it.
   */
  consume: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
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
