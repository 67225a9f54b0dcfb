import { useLocalStack } from '../support/local-stack';
import { teamRepositoryContract } from '../support/team-repository-contract';

const local = useLocalStack({ seed: false });

teamRepositoryContract('DynamoTeamRepository on DynamoDB Local', () => local().adapters);
