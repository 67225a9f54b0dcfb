/**
 * The table's adapters and a queue publisher on clients of their own, on the local stack, that
 * record every call (operation, and the kind of item for the table) and every body sent to the
 * queues: for checking that a use case makes the same calls, call for call, whoever it is for.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import type { LocalStack } from '#infra/local/local-stack';
import { queuePublisher, tableAdapters } from '#shared/wiring/composition';

export function watchedClients(stack: LocalStack) {
  const calls: string[] = [];
  const bodies: string[] = [];
  const dynamodb = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      type Pk = { pk?: string | { S?: string } };
      const input = args.input as { Key?: Pk; Item?: Pk };
      const pk = (input.Key ?? input.Item)?.pk;
      const kind = (typeof pk === 'string' ? pk : pk?.S)?.split('#')[0] ?? '(no key)';
      calls.push(`dynamodb ${context.commandName} ${kind}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS });
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(`sqs ${context.commandName}`);
      bodies.push(String((args.input as { MessageBody?: string }).MessageBody));
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  return {
    tables: tableAdapters(stack.tableName, createDocumentClient(dynamodb)),
    publisher: queuePublisher({ notify: stack.queues.notify.url }, sqs),
    calls,
    bodies,
  };
}
