/**
 * The time a visit takes, on the local stack. Its functions read the machine's clock, and a
 * report has no more minutes than the time since the team accepted or the claimer claimed
 * (shared/domain/visit-minutes.ts): a test that accepts and reports at once moves the acceptance
 * back instead, in the table, as if the team had accepted `minutes` ago.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import type { StackHandle } from './local-stack';

export async function acceptedAgo(handle: Pick<StackHandle, 'stack'>, requestId: string, minutes = 12 * 60): Promise<void> {
  const { stack } = handle;
  await createDocumentClient(stack.dynamodb).send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: keys.request(requestId),
      UpdateExpression: 'SET acceptedAt = :at',
      ConditionExpression: '#status = :accepted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':at': new Date(Date.now() - minutes * 60_000).toISOString(), ':accepted': 'ACCEPTED' },
    }),
  );
}
