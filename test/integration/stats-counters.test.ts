import { statsCounters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { useLocalStack } from '../support/local-stack';
import { statsCountersContract } from '../support/stats-counters-contract';

const local = useLocalStack({ seed: false });

statsCountersContract('DynamoStatsCounters on DynamoDB Local', () => ({
  ...local().adapters,
  counters: statsCounters(local().stack.tableName, createDocumentClient(local().stack.dynamodb)),
}));
