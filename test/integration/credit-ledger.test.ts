import { useLocalStack } from '../support/local-stack';
import { creditLedgerContract } from '../support/credit-ledger-contract';

const local = useLocalStack({ seed: false });

creditLedgerContract('DynamoCreditLedger on DynamoDB Local', () => local().adapters, 8);
