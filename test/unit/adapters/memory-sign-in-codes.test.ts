import { MemorySignInCodes } from '#shared/adapters/memory/sign-in-codes';
import { signInCodesContract } from '../../support/sign-in-codes-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/sign-in-codes.test.ts).
const signInCodes = new MemorySignInCodes();
signInCodesContract('MemorySignInCodes, the in-memory SignInCodes', () => ({ signInCodes }));
