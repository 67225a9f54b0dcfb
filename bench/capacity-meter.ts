/** A DynamoDB client that counts its calls and the capacity they consumed (ReturnConsumedCapacity). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface Meter {
  calls: number;
  readUnits: number;
  writeUnits: number;
  byCommand: Record<string, number>;
}

export function meteredClient(endpoint: string): { client: DynamoDBClient; meter: Meter } {
  const meter: Meter = { calls: 0, readUnits: 0, writeUnits: 0, byCommand: {} };
  const client = new DynamoDBClient({ endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      meter.calls++;
      const name = String(context.commandName).replace(/Command$/, '');
      meter.byCommand[name] = (meter.byCommand[name] ?? 0) + 1;
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown };
      const consumed = [output.ConsumedCapacity ?? []].flat() as Array<{ ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number }>;
      for (const c of consumed) {
        meter.readUnits += c.ReadCapacityUnits ?? 0;
        meter.writeUnits += c.WriteCapacityUnits ?? 0;
        // Some answers give only the total; count it as reads for a GetItem/Query/BatchGet.
        if (c.ReadCapacityUnits === undefined && c.WriteCapacityUnits === undefined && c.CapacityUnits !== undefined) {
          if (/Get|Query|Scan/.test(name)) meter.readUnits += c.CapacityUnits;
          else meter.writeUnits += c.CapacityUnits;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'meter' },
  );
  return { client, meter };
}
