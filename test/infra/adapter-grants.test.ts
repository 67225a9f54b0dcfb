import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagingActions } from '#infra/messaging-actions';
import { tableActions } from '#infra/table-actions';
import { topology, type FunctionSpec } from '#infra/topology';

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
};

const commandsIn = (dir: string): Set<string> => {
  const used = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/new (\w+Command)\(/g)) used.add(match[1]!);
  }
  return used;
};

describe('the DynamoDB adapters', () => {
  it('send only commands that table access grants', () => {
    const used = commandsIn(adapterDir);
    expect(used.size).toBeGreaterThan(5);
    const granted = new Set<string>([...tableActions.read, ...tableActions.write]);
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
};

describe('the notification adapters', () => {
  it('send only commands that messaging or table access grants', () => {
    const used = commandsIn(notifyDir);
    expect(used.has('PublishCommand') && used.has('SendEmailCommand')).toBe(true);
    const granted = new Set<string>([...messagingActions.sms, ...messagingActions.email, ...tableActions.read, ...tableActions.write]);
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
  });
});
