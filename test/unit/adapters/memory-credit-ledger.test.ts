import { MemoryCreditLedger } from '#shared/adapters/memory/credit-ledger';
import { creditLedgerContract } from '../../support/credit-ledger-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/credit-ledger.test.ts).
const credits = new MemoryCreditLedger();
creditLedgerContract('MemoryCreditLedger, the in-memory CreditLedger', () => ({ credits }));
