import { MemoryCreditLedger } from '#shared/adapters/memory/credit-ledger';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { creditLedgerContract } from '../../support/credit-ledger-contract';
import { creditMergeOnePersonContract } from '../../support/credit-merge-one-person-contract';
import { creditPostingsContract } from '../../support/credit-postings-contract';
import { creditWithheldContract } from '../../support/credit-withheld-contract';
import { requestFixture } from '../../support/fixtures';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/credit-ledger.test.ts).
const voided = new Set<string>();
const credits = new MemoryCreditLedger((requestId) => voided.has(requestId));
const markVoided = async (requestId: string) => {
  voided.add(requestId);
};
creditLedgerContract('MemoryCreditLedger, the in-memory CreditLedger', () => ({ credits, markVoided }));
creditPostingsContract('MemoryCreditLedger.postAll', () => ({ credits, markVoided }));

// The ledger as `memoryDeps` wires it to the requests: their marks are what it checks.
const deps = memoryDeps();
const markWithheld = async (id: string) => {
  deps.requests.put(requestFixture({ id, status: 'CLOSED', creditsWithheld: { at: '2026-12-07T02:00:00.000Z', reason: 'upheld' } }));
};
creditWithheldContract('MemoryCreditLedger with withheld requests', () => ({ credits: deps.credits, markWithheld }));
creditMergeOnePersonContract('MemoryCreditLedger merges a name into one person', () => ({ credits: new MemoryCreditLedger() }));
