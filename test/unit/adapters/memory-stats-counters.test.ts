import { MemoryStatsCounters } from '#shared/adapters/memory/stats-counters';
import { statsCountersContract } from '../../support/stats-counters-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/stats-counters.test.ts).
const counters = new MemoryStatsCounters();
statsCountersContract('MemoryStatsCounters, the in-memory StatsCounters', () => ({ counters }));
