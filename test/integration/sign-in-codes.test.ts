import { signInCodesContract } from '../support/sign-in-codes-contract';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });

signInCodesContract('DynamoSignInCodes on DynamoDB Local', () => local().adapters);
