/**
 * Tags that carry topology names onto deployed resources. Logical IDs are CDK's business
 * and may change; these tags are how a template (or a live account) maps back to
 * `shared/topology/topology.ts`. Plain strings, no CDK import, so template readers stay light.
 */

/** On each Lambda function (and its role and log group): the topology function name. */
export const FUNCTION_TAG = 'paidan:function';

/** On each work queue: the topology queue name. */
export const QUEUE_TAG = 'paidan:queue';

/** On each dead-letter queue: the topology name of the queue it catches for. */
export const DEAD_LETTER_QUEUE_TAG = 'paidan:dead-letter-queue';
