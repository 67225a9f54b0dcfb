import { MemoryDeliveryLog } from '#shared/adapters/memory/notify';
import { deliveryLogContract } from '../../support/delivery-log-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/delivery-log.test.ts).
deliveryLogContract('MemoryDeliveryLog, the in-memory DeliveryLog', () => new MemoryDeliveryLog());
