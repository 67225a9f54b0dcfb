/**
 * AWS on-demand list prices the cost table uses: region us-east-1 (US East, N. Virginia), USD,
 * as published in 2025 (DynamoDB's on-demand prices are those after the cut of 1 November 2024)
 * and unchanged in the price list as far as we know into 2026. No free tier is subtracted.
 * Check https://aws.amazon.com/pricing before budgeting; cn-north-1 prices are in CNY and differ.
 *
 * SMS is left out: the SNS price of a text to a mainland China number is not one we can state
 * with confidence (it has varied by carrier and needs a registered sender), so the table counts
 * the messages and does not price them.
 */
export const prices = {
  region: 'us-east-1',
  asOf: '2025',
  /** DynamoDB on-demand, Standard table class: per million write / read request units. */
  dynamodbWriteUnitPerMillion: 0.625,
  dynamodbReadUnitPerMillion: 0.125,
  /** SQS standard queue: per million requests (each 64 KB chunk of a payload is one request). */
  sqsRequestPerMillion: 0.4,
  /** Lambda: per million requests, and per GB-second at arm64 (first 7.5 billion GB-s a month). */
  lambdaRequestPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  /** API Gateway HTTP API: per million requests (first 300 million a month, per 512 KB). */
  httpApiRequestPerMillion: 1.0,
} as const;
