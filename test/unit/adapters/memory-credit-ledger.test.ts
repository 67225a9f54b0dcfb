import { MemoryCreditLedger } from '#shared/adapters/memory/credit-ledger';
import { creditLedgerContract } from '../../support/credit-ledger-contract';
import { creditPostingsContract } from '../../support/credit-postings-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/credit-ledger.test.ts).
const voided = new Set<string>();
const credits = new MemoryCreditLedger((requestId) => voided.has(requestId));
const markVoided = async (requestId: string) => {
  voided.add(requestId);
};
creditLedgerContract('MemoryCreditLedger, the in-memory CreditLedger', () => ({ credits, markVoided }));
creditPostingsContract('MemoryCreditLedger.postAll', () => ({ credits, markVoided }));
