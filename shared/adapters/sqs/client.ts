/** The container's SQS client, built where a function first needs one (its publisher, redelivery, the dead-letter tool). */
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { QUEUE_CALL_BOUNDS, type SocketBounds, socketBoundedRequestHandler } from '../sdk-call-bounds';

/** An SQS client, each attempt of a call bounded (`QUEUE_CALL_BOUNDS`: no long polls). Tests pass an endpoint and bounds. */
export function sqsClient(config: SQSClientConfig = {}, bounds: SocketBounds = QUEUE_CALL_BOUNDS): SQSClient {
  return new SQSClient({ ...config, requestHandler: socketBoundedRequestHandler(bounds) });
}
