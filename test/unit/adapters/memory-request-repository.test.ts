import { MemoryRequests } from '#shared/adapters/memory/request-repository';
import { requestRepositoryContract } from '../../support/request-repository-contract';
import { requestLinesContract } from '../../support/request-lines-contract';
import { wishListingsContract } from '../../support/wish-listings-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/request-repository.test.ts).
const requests = new MemoryRequests();
requestRepositoryContract('MemoryRequests, the in-memory RequestRepository', () => ({ requests, teams: requests.teams, outbox: requests }));
wishListingsContract('MemoryRequests, the wish wall’s listings', () => ({ requests }));
requestLinesContract('MemoryRequests, the waiting line and the center’s queue', () => ({ requests }));
