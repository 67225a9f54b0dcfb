/**
 * Loads each function's entry module the way Lambda would: with exactly the environment the
 * topology gives that function (so a missing grant fails here as it would in AWS), and invokes
 * its handler with a Lambda-like context and the function's timeout.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { DEV_OUTBOX_ENV, LOCAL_WEBHOOKS_ENV, QUIET_HOURS_ENV, environmentNames, type FunctionSpec } from '#shared/topology/topology';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalFunction {
  readonly name: string;
  readonly spec: FunctionSpec;
  invoke(event: unknown): Promise<unknown>;
}

export class FunctionTimeoutError extends Error {}

/**
 * Imports a function's module (its TypeScript entry, or its bundle) with `env` set for the
 * duration of its module evaluation (its cold start).
 */
/** Modules this process has imported a function from, and how often. */
const imported = new Map<string, number>();

/**
 * Imports a function's module with the function's environment, as Lambda does. A second stack in
 * the same process (test files that share a worker) gets a fresh instance of the module, so the
 * handler reads its own stack's environment (the modules it imports hold no state of their own).
 */
export async function loadFunction(module: string, name: string, spec: FunctionSpec, env: Record<string, string>): Promise<LocalFunction> {
  const expected = environmentNames(spec);
  const missing = expected.filter((n) => env[n] === undefined);
  if (missing.length) throw new Error(`Local stack has no value for ${missing.join(', ')} of ${name}`);
  // The local-only variables: where SMS and email go instead of SNS and SES, webhooks to the
  // local receivers (plain http on 127.0.0.1), and notices at any hour (no quiet hours).
  const localOnly = {
    ...(spec.messaging?.length ? { [DEV_OUTBOX_ENV]: 'on' } : {}),
    [LOCAL_WEBHOOKS_ENV]: 'on',
    [QUIET_HOURS_ENV]: 'off',
  };
  const scoped = { ...Object.fromEntries(expected.map((n) => [n, env[n]!])), ...localOnly, POWERTOOLS_SERVICE_NAME: name };
  const saved = Object.fromEntries(Object.keys(scoped).map((k) => [k, process.env[k]]));
  Object.assign(process.env, scoped);
  let handler: LambdaHandler;
  try {
    const count = (imported.get(module) ?? 0) + 1;
    imported.set(module, count);
    const loaded = (await import(count === 1 ? module : `${module}?instance=${count}`)) as { handler?: LambdaHandler };
    if (typeof loaded.handler !== 'function') throw new Error(`${module} exports no handler`);
    handler = loaded.handler;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return {
    name,
    spec,
    invoke: (event) => invokeWithTimeout(handler, event, contextFor(name, spec)),
  };
}

function contextFor(name: string, spec: FunctionSpec): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function invokeWithTimeout(handler: LambdaHandler, event: unknown, context: Context): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new FunctionTimeoutError(
            `${context.functionName} timed out after ${context.getRemainingTimeInMillis() === 0 ? 'its' : ''} timeout`,
          ),
        ),
      context.getRemainingTimeInMillis(),
    );
  });
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
