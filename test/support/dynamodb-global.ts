/**
 * One DynamoDB Local for a whole test run (vitest `globalSetup` of the integration and browser
 * projects): a Java server takes seconds to start and warm, so each test file gets its own
 * table on this one instead of a server of its own (`useLocalStack`).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { freePort } from '#infra/local/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
