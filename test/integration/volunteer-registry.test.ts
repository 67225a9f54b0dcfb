import { useLocalStack } from '../support/local-stack';
import { volunteerRegistryContract } from '../support/volunteer-registry-contract';

const local = useLocalStack({ seed: false });

volunteerRegistryContract('DynamoVolunteerRegistry on DynamoDB Local', () => local().adapters);
