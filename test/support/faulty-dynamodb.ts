/**
 * A DynamoDB client that fails on purpose, through SDK middleware at the outermost step (so the
 * SDK's own retries do not hide the faults): throttling on any call, transaction conflicts on
 * transactions, and a "crash" after a write committed, as when a Lambda dies before SQS hears
 * of it. Seeded, so a failing run can be repeated.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export interface FaultRates {
  readonly throttle: number;
  readonly conflict: number;
  readonly crashAfterCommit: number;
}

export interface FaultCounts {
  throttled: number;
  conflicted: number;
  crashedAfterCommit: number;
  calls: number;
}

const writes = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

export function faultyDynamoClient(endpoint: string, rates: FaultRates, seed = 42): { client: DynamoDBClient; counts: FaultCounts } {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const counts: FaultCounts = { throttled: 0, conflicted: 0, crashedAfterCommit: 0, calls: 0 };
  const client = new DynamoDBClient({ endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts.calls++;
      const command = context.commandName ?? '';
      const roll = random();
      if (roll < rates.throttle) {
        counts.throttled++;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
          name: 'ThrottlingException',
          $metadata: {},
        });
      }
      if (command === 'TransactWriteItemsCommand' && roll < rates.throttle + rates.conflict) {
        counts.conflicted++;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled (injected)',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
        });
      }
      const result = await next(args);
      if (writes.has(command) && random() < rates.crashAfterCommit) {
        counts.crashedAfterCommit++;
        throw Object.assign(new Error('Process died after the write committed (injected)'), { name: 'InjectedCrash' });
      }
      return result;
    },
    { step: 'initialize', name: 'injectFaults' },
  );
  return { client, counts };
}
