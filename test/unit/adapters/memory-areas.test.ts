import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import { areaRepositoryContract, contractAreas } from '../../support/area-repository-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/area-repository.test.ts).
const areas = new MemoryAreas(contractAreas);
areaRepositoryContract('MemoryAreas, the in-memory AreaRepository', () => areas);
