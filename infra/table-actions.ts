/**
 * The DynamoDB actions each kind of table access grants, in one place: the function construct
 * grants them and `test/infra/adapter-grants.test.ts` checks that every command the adapters send
 * is among them (IAM is not enforced by the local stack, so nothing else would notice).
 * TransactWriteItems is authorized per item with the single-item write actions.
 */
export const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  /** Actions that also apply to the indexes. */
  indexRead: ['dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:BatchWriteItem'],
  /** The retention rule's one search for the table's oldest request: a scan of the creation index (gsi4, keys only). */
  creationIndexScan: ['dynamodb:Scan'],
  /** `read+rate-limits`: what taking from a rate limit sends, on `RATE#` partitions only. */
  rateLimitWrite: ['dynamodb:UpdateItem'],
} as const;
