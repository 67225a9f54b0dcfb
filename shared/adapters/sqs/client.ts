/** The container's SQS client, built where a function first needs one (its publisher, redelivery, the dead-letter tool). */
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { type AttemptBounds, boundedRequestHandler, QUEUE_CALL_BOUNDS } from '../sdk-call-bounds';

/** An SQS client, each attempt of a call bounded (`QUEUE_CALL_BOUNDS`: no long polls). Tests pass an endpoint and bounds. */
export function sqsClient(config: SQSClientConfig = {}, bounds: AttemptBounds = QUEUE_CALL_BOUNDS): SQSClient {
  return new SQSClient({ ...config, requestHandler: boundedRequestHandler(bounds) });
}
