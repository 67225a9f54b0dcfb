import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableActions } from '#infra/table-actions';

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

describe('the DynamoDB adapters', () => {
  it('send only commands that table access grants', () => {
    const used = new Set<string>();
    for (const file of readdirSync(adapterDir).filter((f) => f.endsWith('.ts'))) {
      for (const match of readFileSync(join(adapterDir, file), 'utf8').matchAll(/new (\w+Command)\(/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    const granted = new Set<string>([...tableActions.read, ...tableActions.write]);
    for (const command of used) {
      expect(commandAction[command], `${command} has no known IAM action`).toBeDefined();
      expect(granted.has(commandAction[command]!), `${command} needs ${commandAction[command]}`).toBe(true);
    }
  });
});
