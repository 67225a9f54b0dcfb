import { MemoryRequests } from '#shared/adapters/memory/request-repository';
import { MemoryStatsCounters } from '#shared/adapters/memory/stats-counters';
import { statsCountersContract } from '../../support/stats-counters-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/stats-counters.test.ts).
const requests = new MemoryRequests();
const counters = new MemoryStatsCounters(requests);
statsCountersContract('MemoryStatsCounters, the in-memory StatsCounters', () => ({ counters, requests, outbox: requests }));
