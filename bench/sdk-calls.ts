/**
 * Records every AWS SDK call made in this process: the functions' (loaded in-process by the
 * local stack) and the local stack's own. It patches the SDK's one shared client base class:
 * `send` is timed and, for DynamoDB, asks for ReturnConsumedCapacity; and each client is tagged
 * at construction with the function whose module built it (the local runtime sets
 * POWERTOOLS_SERVICE_NAME while it imports a function, and clients are built at import).
 * Clients built elsewhere (the local stack's pollers, this benchmark) are tagged `local`.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshallKey, unitsOf, unmarshall, writeTargets, type WriteTarget, type WriteUnits } from './write-units';

export interface SdkCall {
  /** Function that built the client, or `local`. */
  readonly owner: string;
  readonly service: string;
  /** The API operation (`PutItem`, not the document client's `Put`). */
  readonly operation: string;
  readonly startedAt: number;
  endedAt: number;
  ok: boolean;
  readUnits: number;
  writeUnits: number;
  /** The capacity units by where they went: `table`, or an index's name (as DynamoDB Local reports them). */
  readonly unitsBy: Record<string, number>;
  /** A write's units as AWS charges them (`write-units.ts`), when the recording estimates them. */
  awsWriteUnits?: WriteUnits;
  /** Of the call's time, the estimate's own reads (taken off the function's duration when priced). */
  estimateMs: number;
  /** A copy of the input (taken before sending). */
  readonly input: Record<string, unknown>;
  /** ReceiveMessage: the receipt handles it returned. */
  received?: string[];
  /** For replaying the same call: its command class and whether it went through a document client. */
  readonly replay: { readonly command: new (input: never) => unknown; readonly document: boolean };
}

type AnyClient = { config: { serviceId?: string }; send(command: unknown, ...rest: unknown[]): Promise<unknown> };
type Command = { input: Record<string, unknown>; constructor: new (input: never) => unknown };

const documentOperations: Record<string, string> = {
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactWrite: 'TransactWriteItems',
  TransactGet: 'TransactGetItems',
};
const capacityOperations = new Set(Object.values(documentOperations));
export const dynamoWrites = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

const owners = new WeakMap<object, string>();
let recording: SdkCall[] | undefined;
/** Whether writes are read before and after, to price them as AWS does. */
let estimating = false;
let inFlight = 0;
let lastActivity = 0;
let installed = false;

/** Patches the SDK once; call before the local stack loads the functions. */
export function installSdkRecorder(): void {
  if (installed) return;
  installed = true;
  const Base = Object.getPrototypeOf(DynamoDBClient) as new (...args: unknown[]) => AnyClient;
  class Tagged extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      owners.set(this, process.env.POWERTOOLS_SERVICE_NAME ?? 'local');
    }
  }
  for (const client of [DynamoDBClient, DynamoDBDocumentClient, SQSClient, SNSClient, SESv2Client]) {
    if (Object.getPrototypeOf(client) !== Base)
      throw new Error(`${client.name} does not extend the shared SDK client; the recorder cannot tag it`);
    Object.setPrototypeOf(client, Tagged);
  }
  const original = Base.prototype.send;
  Base.prototype.send = function (this: AnyClient, command: unknown, ...rest: unknown[]) {
    const { input, constructor: commandClass } = command as Command;
    if (rest.some((r) => typeof r === 'function')) return original.call(this, command, ...rest);
    // The event sources' long polls start before a step and end in it: recorded when they bring messages.
    if (commandClass.name === 'ReceiveMessageCommand') return receive(this, command, input, commandClass, rest);
    if (!recording) return original.call(this, command, ...rest);
    const service = this.config.serviceId ?? 'unknown';
    const name = commandClass.name.replace(/Command$/, '');
    const document = this instanceof DynamoDBDocumentClient;
    const operation = document ? (documentOperations[name] ?? name) : name;
    if (service === 'DynamoDB' && capacityOperations.has(operation)) input.ReturnConsumedCapacity = 'INDEXES';
    const call: SdkCall = {
      owner: owners.get(this) ?? 'local',
      service,
      operation,
      startedAt: performance.now(),
      endedAt: 0,
      ok: false,
      readUnits: 0,
      writeUnits: 0,
      unitsBy: {},
      estimateMs: 0,
      input: structuredClone(input),
      replay: { command: commandClass, document },
    };
    const calls = recording;
    calls.push(call);
    inFlight++;
    const done = () => {
      inFlight--;
      call.endedAt = performance.now();
      lastActivity = call.endedAt;
    };
    // Reads for the estimate go through the unpatched send: they are not recorded.
    const targets =
      estimating && service === 'DynamoDB' && dynamoWrites.has(operation) ? writeTargets(operation, call.input, document) : [];
    const readOne = (t: WriteTarget) =>
      (
        original.call(this, new GetItemCommand({ TableName: t.table, Key: marshallKey(t.key) as never, ConsistentRead: true })) as Promise<{
          Item?: Record<string, unknown>;
        }>
      ).then((out) => (out.Item ? unmarshall(out.Item) : undefined));
    const readAll = async () => {
      const start = performance.now();
      const items = await Promise.all(targets.map(readOne));
      call.estimateMs += performance.now() - start;
      return items;
    };
    let before: Array<Record<string, unknown> | undefined> = [];
    return readAll()
      .then((was) => {
        before = was;
        return original.call(this, command, ...rest);
      })
      .then(
        async (output: unknown) => {
          call.ok = true;
          addCapacity(call, output as { ConsumedCapacity?: unknown });
          if (targets.length > 0) {
            const after = await readAll();
            const units = targets.map((t, i) => unitsOf(t, before[i], after[i]));
            call.awsWriteUnits = { table: units.reduce((n, u) => n + u.table, 0), indexes: units.reduce((n, u) => n + u.indexes, 0) };
          }
          done();
          return output;
        },
        (error: unknown) => {
          done();
          throw error;
        },
      );
  };

  function receive(
    client: AnyClient,
    command: unknown,
    input: Record<string, unknown>,
    commandClass: Command['constructor'],
    rest: unknown[],
  ) {
    const startedAt = performance.now();
    const copy = structuredClone(input);
    return original.call(client, command, ...rest).then((output: unknown) => {
      const received = ((output as { Messages?: Array<{ ReceiptHandle?: string }> }).Messages ?? []).map((m) => m.ReceiptHandle ?? '');
      if (recording && received.length > 0) {
        lastActivity = performance.now();
        recording.push({
          owner: owners.get(client) ?? 'local',
          service: client.config.serviceId ?? 'SQS',
          operation: 'ReceiveMessage',
          startedAt,
          endedAt: lastActivity,
          ok: true,
          readUnits: 0,
          writeUnits: 0,
          unitsBy: {},
          estimateMs: 0,
          input: copy,
          received,
          replay: { command: commandClass, document: false },
        });
      }
      return output;
    });
  }
}

function addCapacity(call: SdkCall, output: { ConsumedCapacity?: unknown }) {
  const consumed = [output.ConsumedCapacity ?? []].flat() as Array<{
    ReadCapacityUnits?: number;
    WriteCapacityUnits?: number;
    CapacityUnits?: number;
    Table?: { CapacityUnits?: number };
    GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  }>;
  for (const c of consumed) {
    const by = {
      table: c.Table?.CapacityUnits ?? 0,
      ...Object.fromEntries(Object.entries(c.GlobalSecondaryIndexes ?? {}).map(([n, u]) => [n, u.CapacityUnits ?? 0])),
    };
    for (const [name, units] of Object.entries(by)) call.unitsBy[name] = (call.unitsBy[name] ?? 0) + units;
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      call.readUnits += c.ReadCapacityUnits ?? 0;
      call.writeUnits += c.WriteCapacityUnits ?? 0;
    } else if (dynamoWrites.has(call.operation)) call.writeUnits += c.CapacityUnits ?? 0;
    else call.readUnits += c.CapacityUnits ?? 0;
  }
}

/**
 * Starts recording into a new list (and asking DynamoDB for consumed capacity); with
 * `estimateWrites`, also pricing each write as AWS does (two reads of each written item).
 */
export function startRecording(options: { estimateWrites?: boolean } = {}): SdkCall[] {
  recording = [];
  estimating = options.estimateWrites ?? false;
  return recording;
}

export function stopRecording(): void {
  recording = undefined;
  estimating = false;
}

/**
 * Resolves once no recorded call is under way and none has ended for `quietMs` (the pollers'
 * long polls are not calls under way: they count when they bring messages, which they do as soon
 * as one is queued).
 */
export async function settled(quietMs = 400, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (inFlight > 0 || performance.now() - lastActivity < quietMs) {
    if (performance.now() > deadline) throw new Error(`SDK calls did not settle within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
