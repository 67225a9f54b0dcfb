import { MemoryVolunteerRegistry } from '#shared/adapters/memory/volunteer-registry';
import { volunteerRegistryContract } from '../../support/volunteer-registry-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/volunteer-registry.test.ts).
const volunteers = new MemoryVolunteerRegistry();
volunteerRegistryContract('MemoryVolunteerRegistry, the in-memory VolunteerRegistry', () => ({ volunteers }));
