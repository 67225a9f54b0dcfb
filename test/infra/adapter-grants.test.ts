import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { messagingActions } from '#infra/messaging-actions';
import { queueActions } from '#infra/queue-actions';
import { tableActions } from '#infra/table-actions';
import { queueNamesOf, topology, type FunctionSpec } from '#shared/topology/topology';
import { SqsDeadLetters } from '#shared/adapters/sqs/dead-letters';
import { SqsQueuePublisher } from '#shared/adapters/sqs/queue-publisher';
import { SqsRedelivery } from '#shared/adapters/sqs/redelivery';

// The local stack does not enforce IAM, so a command an adapter starts sending without its
// grant would only fail in AWS. This reads every DynamoDB adapter and checks each command it
// sends against the actions a function with readwrite access is granted.
const adapterDir = 'shared/adapters/dynamo';
const commandAction: Record<string, string> = {
  GetCommand: 'dynamodb:GetItem',
  QueryCommand: 'dynamodb:Query',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  // Authorized per item: Put/Update/Delete/ConditionCheck.
  TransactWriteCommand: 'dynamodb:PutItem',
  // The retention rule's alone (granted to `retention` functions, on the creation index only).
  ScanCommand: 'dynamodb:Scan',
};

const commandsIn = (dir: string): Set<string> => {
  const used = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/new (\w+Command)\(/g)) used.add(match[1]!);
  }
  return used;
};

describe('the DynamoDB adapters', () => {
  it('scan only in the retention rule’s adapter, which a `retention` function uses', () => {
    const scanning = readdirSync(adapterDir).filter((f) => readFileSync(join(adapterDir, f), 'utf8').includes('new ScanCommand('));
    expect(scanning).toEqual(['request-retention.ts']);
  });

  it('send only commands that table access grants', () => {
    const used = commandsIn(adapterDir);
    expect(used.size).toBeGreaterThan(5);
    const granted = new Set<string>([...tableActions.read, ...tableActions.write, ...tableActions.creationIndexScan]);
    for (const command of used) {
      expect(commandAction[command], `${command} has no known IAM action`).toBeDefined();
      expect(granted.has(commandAction[command]!), `${command} needs ${commandAction[command]}`).toBe(true);
    }
  });
});

// The same for the notification senders: each SNS or SES command must be what a messaging
// channel grants, and DynamoDB commands there (the dev outbox) what table access grants.
const notifyDir = 'shared/adapters/notify';
const messagingCommandAction: Record<string, string> = {
  PublishCommand: 'sns:Publish',
  SendEmailCommand: 'ses:SendEmail',
  GetSecretValueCommand: 'secretsmanager:GetSecretValue',
};
/** The mainland SMS providers' keys and the SMTP password are read here. */
const secretsDir = 'shared/adapters/secrets';

describe('the notification adapters', () => {
  it('send only commands that messaging or table access grants', () => {
    const used = new Set([...commandsIn(notifyDir), ...commandsIn(secretsDir)]);
    expect(used.has('PublishCommand') && used.has('SendEmailCommand') && used.has('GetSecretValueCommand')).toBe(true);
    const granted = new Set<string>([
      ...messagingActions.sms,
      ...messagingActions.email,
      ...messagingActions.secret,
      ...tableActions.read,
      ...tableActions.write,
    ]);
    for (const command of used) {
      const action = messagingCommandAction[command] ?? commandAction[command];
      expect(action, `${command} has no known IAM action`).toBeDefined();
      expect(granted.has(action!), `${command} needs ${action}`).toBe(true);
    }
  });

  it('are built only in functions the topology grants both channels', () => {
    // notificationAdapters() builds the SMS and the email sender together.
    const functions = Object.entries(topology.functions as Record<string, FunctionSpec>);
    const building = functions.filter(([, spec]) => readFileSync(spec.entry, 'utf8').includes('notificationAdapters('));
    expect(building.length).toBeGreaterThan(0);
    for (const [name, spec] of building) expect([...(spec.messaging ?? [])].sort(), name).toEqual(['email', 'sms']);
    // smsSender() builds the SMS sender alone.
    const smsOnly = functions.filter(([, spec]) => readFileSync(spec.entry, 'utf8').includes('smsSender('));
    expect(smsOnly.map(([name]) => name)).toEqual(['volunteer-self']);
    for (const [name, spec] of smsOnly) expect([...(spec.messaging ?? [])], name).toEqual(['sms']);
  });
});

// The SQS adapters, run against a recording client: every command each sends, on each queue it
// goes to, must be granted there, and (for the dead-letters adapter, whose grants are its own)
// every action granted must be one it uses. Run rather than read, because which queue a command
// goes to (the DLQ or its source queue) is only known at run time.
const sqsCommandAction: Record<string, string> = {
  SendMessageCommand: 'sqs:SendMessage',
  SendMessageBatchCommand: 'sqs:SendMessage',
  ReceiveMessageCommand: 'sqs:ReceiveMessage',
  DeleteMessageCommand: 'sqs:DeleteMessage',
  DeleteMessageBatchCommand: 'sqs:DeleteMessage',
  ChangeMessageVisibilityCommand: 'sqs:ChangeMessageVisibility',
  ChangeMessageVisibilityBatchCommand: 'sqs:ChangeMessageVisibility',
  GetQueueAttributesCommand: 'sqs:GetQueueAttributes',
  GetQueueUrlCommand: 'sqs:GetQueueUrl',
  PurgeQueueCommand: 'sqs:PurgeQueue',
};

interface Sent {
  readonly command: string;
  readonly queueUrl: string;
}

/** An SQSClient that records each command and answers as queues holding `waiting` messages each would. */
const recordingSqs = (waiting: number) => {
  const sent: Sent[] = [];
  const left = new Map<string, number>();
  const leftIn = (url: string) => left.get(url) ?? waiting;
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, any> }) => {
      sent.push({ command: command.constructor.name, queueUrl: String(command.input.QueueUrl) });
      switch (command.constructor.name) {
        case 'GetQueueAttributesCommand':
          return { Attributes: { ApproximateNumberOfMessages: String(leftIn(command.input.QueueUrl)), VisibilityTimeout: '180' } };
        case 'GetQueueUrlCommand':
          return { QueueUrl: queueUrl(command.input.QueueName) };
        case 'ReceiveMessageCommand': {
          const n = Math.min(leftIn(command.input.QueueUrl), command.input.MaxNumberOfMessages ?? 1);
          return {
            Messages: Array.from({ length: n }, (_, i) => ({
              MessageId: `m${i}`,
              ReceiptHandle: `r${i}`,
              Body: '{}',
              Attributes: { SentTimestamp: '0', ApproximateReceiveCount: '5' },
              MessageAttributes: { businessKey: { DataType: 'String', StringValue: `k${i}` } },
            })),
          };
        }
        case 'SendMessageBatchCommand':
          return { Successful: command.input.Entries.map((e: { Id: string }) => ({ Id: e.Id })), Failed: [] };
        case 'DeleteMessageBatchCommand':
          left.set(command.input.QueueUrl, leftIn(command.input.QueueUrl) - command.input.Entries.length);
          return { Successful: command.input.Entries.map((e: { Id: string }) => ({ Id: e.Id })), Failed: [] };
        default:
          return {};
      }
    },
  };
  return { client: client as unknown as SQSClient, sent };
};

const queueNames = queueNamesOf();
const queueUrl = (q: string) => `https://sqs.local/000000000000/${q}`;
const dlqUrl = (q: string) => `https://sqs.local/000000000000/${q}-dlq`;
const sqsCommandsIn = (file: string) => new Set([...readFileSync(file, 'utf8').matchAll(/new (\w+Command)\(/g)].map((m) => m[1]!));

describe('the dead-letters adapter', () => {
  const runAll = async () => {
    const { client, sent } = recordingSqs(15);
    const adapter = new SqsDeadLetters(client, Object.fromEntries(queueNames.map((q) => [q, { url: queueUrl(q), dlqUrl: dlqUrl(q) }])));
    await adapter.list(5);
    await adapter.list(0);
    for (const q of queueNames) await adapter.redrive(q, 12);
    return sent;
  };
  /** `action on dlq|queue`, what the run needed. */
  const needed = (sent: readonly Sent[]) =>
    new Set(
      sent.map(({ command, queueUrl: url }) => {
        const action = sqsCommandAction[command];
        expect(action, `${command} has no known IAM action`).toBeDefined();
        const target = queueNames.some((q) => url === dlqUrl(q))
          ? 'dlq'
          : queueNames.some((q) => url === queueUrl(q))
            ? 'queue'
            : `unknown ${url}`;
        return `${action} on ${target}`;
      }),
    );
  const granted = new Set([
    ...queueActions.deadLetters.deadLetterQueue.map((a) => `${a} on dlq`),
    ...queueActions.deadLetters.queue.map((a) => `${a} on queue`),
  ]);

  it('is run here through every command it sends', async () => {
    const sent = await runAll();
    const commands = sqsCommandsIn('shared/adapters/sqs/dead-letters.ts');
    expect(commands.size).toBeGreaterThan(0);
    expect(new Set(sent.map((s) => s.command))).toEqual(commands);
    // Each queue's DLQ is read and each queue is written back to, by URL from its own pair.
    for (const q of queueNames) {
      expect(sent.some((s) => s.queueUrl === dlqUrl(q))).toBe(true);
      expect(sent.some((s) => s.queueUrl === queueUrl(q) && s.command === 'SendMessageBatchCommand')).toBe(true);
    }
  });

  it('sends only what deadLetters: manage grants, each on the queue it is granted on', async () => {
    for (const need of needed(await runAll())) expect(granted.has(need), `needs ${need}`).toBe(true);
  });

  it('is granted nothing it does not use (no ChangeMessageVisibility, no GetQueueUrl)', async () => {
    expect([...granted].sort()).toEqual([...needed(await runAll())].sort());
  });
});

describe('the queue publisher', () => {
  it("sends only what queues: 'send' grants", async () => {
    const { client, sent } = recordingSqs(0);
    await new SqsQueuePublisher(client, { dispatch: queueUrl('dispatch') }).publish({ id: 'x', queue: 'dispatch', body: {} });
    expect(new Set(sent.map((s) => s.command))).toEqual(sqsCommandsIn('shared/adapters/sqs/queue-publisher.ts'));
    for (const { command, queueUrl: url } of sent) {
      expect(url).toBe(queueUrl('dispatch'));
      expect(queueActions.send as readonly string[], command).toContain(sqsCommandAction[command]);
    }
  });
});

describe('the redelivery adapter (backoff of a failed record)', () => {
  it('sends only what a queue trigger grants on the consumed queue', async () => {
    const { client, sent } = recordingSqs(0);
    const record = {
      receiptHandle: 'r0',
      eventSourceARN: 'arn:aws:sqs:cn-north-1:000000000000:notify',
      attributes: { ApproximateReceiveCount: '2' },
    };
    await new SqsRedelivery(client).postpone(record as never);
    expect(new Set(sent.map((s) => s.command))).toEqual(sqsCommandsIn('shared/adapters/sqs/redelivery.ts'));
    for (const { command, queueUrl: url } of sent) {
      if (command !== 'GetQueueUrlCommand') expect(url).toBe(queueUrl('notify'));
      expect(queueActions.consume as readonly string[], command).toContain(sqsCommandAction[command]);
    }
  });
});
