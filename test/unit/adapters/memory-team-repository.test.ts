import { MemoryRequests } from '#shared/adapters/memory/request-repository';
import { teamRepositoryContract } from '../../support/team-repository-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/team-repository.test.ts).
const requests = new MemoryRequests();
teamRepositoryContract('MemoryTeams, the in-memory TeamRepository', () => ({ teams: requests.teams, requests }));
