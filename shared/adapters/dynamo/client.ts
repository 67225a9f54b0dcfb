/** One DynamoDB document client per Lambda container, created at cold start. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type SocketBounds, socketBoundedRequestHandler, TABLE_CALL_BOUNDS } from '../sdk-call-bounds';

/** The container's DynamoDB client, each attempt of a call bounded (`TABLE_CALL_BOUNDS`). Tests pass an endpoint and bounds. */
export function dynamoClient(config: DynamoDBClientConfig = {}, bounds: SocketBounds = TABLE_CALL_BOUNDS): DynamoDBClient {
  return new DynamoDBClient({ ...config, requestHandler: socketBoundedRequestHandler(bounds) });
}

export function createDocumentClient(client = dynamoClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
