import { useLocalStack } from '../support/local-stack';
import { requestRepositoryContract } from '../support/request-repository-contract';

const local = useLocalStack({ seed: false });

requestRepositoryContract('DynamoRequestRepository on DynamoDB Local', () => local().adapters);
