import { VISIBILITY_TO_TIMEOUT_RATIO, type FunctionSpec, type QueueName, type QueueSpec, type TableSpec } from '#shared/topology/topology';

/**
 * The shape the stack builds from: `typeof topology` widened, so tests can hand the
 * builder a modified copy (a literal `as const` type would pin every number).
 */
export interface Topology {
  readonly table: TableSpec;
  readonly queues: Readonly<Record<QueueName, QueueSpec>>;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly api: { readonly throttle: { readonly rateLimit: number; readonly burstLimit: number } };
}

/**
 * Problems that would deploy but misbehave: each is a sentence naming the field to change.
 * Pure (no CDK), so it can be tested and reused by the local stack.
 */
export function topologyProblems(t: Topology): string[] {
  const problems: string[] = [];
  const queueNames = new Set(Object.keys(t.queues));
  const routes = new Map<string, string>();

  for (const [name, spec] of Object.entries(t.functions)) {
    const consumed = new Set<string>();
    for (const trigger of spec.triggers) {
      if (trigger.kind === 'http') {
        const key = `${trigger.method} ${trigger.path}`;
        const owner = routes.get(key);
        if (owner) problems.push(`Route "${key}" is declared by both "${owner}" and "${name}".`);
        routes.set(key, name);
      } else if (trigger.kind === 'schedule') {
        if (!Number.isInteger(trigger.everyMinutes) || trigger.everyMinutes < 1) {
          problems.push(
            `Function "${name}": schedule everyMinutes must be a whole number >= 1 (EventBridge rates are whole minutes), got ${trigger.everyMinutes}.`,
          );
        }
      } else {
        consumed.add(trigger.queue);
        const queue = t.queues[trigger.queue];
        if (!queueNames.has(trigger.queue) || !queue) {
          problems.push(`Function "${name}" is triggered by queue "${trigger.queue}", which topology.queues does not declare.`);
          continue;
        }
        if (spec.queues?.[trigger.queue] !== 'consume') {
          problems.push(
            `Function "${name}" is triggered by queue "${trigger.queue}" but does not declare queues.${trigger.queue}: 'consume'.`,
          );
        }
        // A message must stay hidden for the whole time Lambda may still be working on it
        // (retries of a throttled batch included), or it is delivered twice concurrently.
        const needed = VISIBILITY_TO_TIMEOUT_RATIO * spec.timeoutSeconds;
        if (queue.visibilityTimeoutSeconds < needed) {
          problems.push(
            `Queue "${trigger.queue}": visibility timeout ${queue.visibilityTimeoutSeconds} s is less than ` +
              `${VISIBILITY_TO_TIMEOUT_RATIO} x the ${spec.timeoutSeconds} s timeout of its consumer "${name}" ` +
              `(needs >= ${needed} s). Raise topology.queues.${trigger.queue}.visibilityTimeoutSeconds or lower the function's timeoutSeconds.`,
          );
        }
      }
    }
    const channels = spec.messaging ?? [];
    for (const channel of new Set(channels)) {
      if (channels.filter((c) => c === channel).length > 1) {
        problems.push(`Function "${name}" lists messaging channel '${channel}' more than once.`);
      }
    }
    for (const [queue, access] of Object.entries(spec.queues ?? {})) {
      if (!queueNames.has(queue))
        problems.push(`Function "${name}" declares access to queue "${queue}", which topology.queues does not declare.`);
      else if (access === 'consume' && !consumed.has(queue)) {
        problems.push(`Function "${name}" declares queues.${queue}: 'consume' but has no queue trigger for it.`);
      }
    }
  }
  return problems;
}

/** Throws one error listing every problem, so a bad topology fails synth before any resource exists. */
export function assertTopologyDeployable(t: Topology): void {
  const problems = topologyProblems(t);
  if (problems.length > 0) {
    throw new Error(`shared/topology/topology.ts cannot be deployed:\n- ${problems.join('\n- ')}`);
  }
}
