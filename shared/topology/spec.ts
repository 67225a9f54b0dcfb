/**
 * The shapes the system is declared in (`topology.ts` beside it holds the declaration): the table,
 * the queues, and each function with its triggers and the access it is granted.
 */

export const queueNames = ['dispatch', 'notify'] as const;
export type QueueName = (typeof queueNames)[number];

/**
 * `read+rate-limits`: reads, and writes nothing but its rate-limit counters (IAM holds its writes
 * to the `RATE#` partitions): a public function that must count callers but change nothing else.
 */
export type TableAccess = 'read' | 'write' | 'readwrite' | 'read+rate-limits';
export type QueueAccess = 'send' | 'consume';
/** Messages a function sends to people outside: SMS (SNS or a mainland provider), email (SES or SMTP). */
export type Messaging = 'sms' | 'email';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /**
   * What the index copies: every attribute (`ALL`), or the keys alone (`KEYS_ONLY`) or with
   * `nonKeyAttributes` (`INCLUDE`), which a write leaves alone unless those change. A deployed
   * index's projection needs two deploys to change.
   */
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** With `INCLUDE`: the attributes it copies besides the table's and its own keys. */
  readonly nonKeyAttributes?: readonly string[];
}

export interface TableSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexSpec[];
  /** Epoch-seconds attribute DynamoDB deletes items by. */
  readonly ttlAttribute: string;
}

export interface QueueSpec {
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the queue's DLQ. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export interface HttpTrigger {
  readonly kind: 'http';
  readonly method: HttpMethod;
  /** API Gateway route path, `{name}` for a path parameter. */
  readonly path: string;
  /**
   * `admin`: only for center admins and station staff. In AWS a JWT authorizer (the stack's
   * Cognito user pool) refuses the call with 401 before the function runs and passes the
   * token's claims on; the local stack does the same with the admin tokens it prints.
   */
  readonly auth?: 'admin';
}

export interface QueueTrigger {
  readonly kind: 'queue';
  readonly queue: QueueName;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
}

export interface ScheduleTrigger {
  readonly kind: 'schedule';
  /** Interval in AWS (EventBridge rate, whole minutes). */
  readonly everyMinutes: number;
  /** Interval in the local stack, where waiting a minute only slows people down. */
  readonly localEverySeconds: number;
}

export type Trigger = HttpTrigger | QueueTrigger | ScheduleTrigger;

export interface FunctionSpec {
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly triggers: readonly Trigger[];
  readonly table?: TableAccess;
  readonly queues?: Readonly<Partial<Record<QueueName, QueueAccess>>>;
  readonly messaging?: readonly Messaging[];
  /** `manage`: may read every queue's DLQ and move its messages back to the queue (redrive). */
  readonly deadLetters?: 'manage';
  /**
   * The function writes absolute links to the public API into what it sends or answers (env
   * `PUBLIC_URL`): the only origin of such links, never a request's Host or X-Forwarded-* headers.
   */
  readonly publicUrl?: boolean;
  /**
   * The function serves the staff console and tells it where staff sign in: the Cognito
   * domain and app client (env `SIGN_IN_DOMAIN_URL`, `SIGN_IN_CLIENT_ID`; both empty locally,
   * where staff paste the token `npm start` prints).
   */
  readonly staffSignIn?: boolean;
  /**
   * The function takes team channels and refuses an email channel where the deployment sends
   * no email (env `EMAIL_TRANSPORT`).
   */
  readonly checksChannels?: boolean;
  /**
   * The function applies the retention rule of residents' personal data: the days it keeps it
   * after a request ends (env `RETENTION_DAYS`, the deploy option `retentionDays`).
   */
  readonly retention?: boolean;
  /**
   * Data files the function reads at run time (a font), shipped beside its bundle: `source`
   * from the repository root, `inBundle` from the bundle's root, where the reading module's
   * `import.meta.url` finds it.
   */
  readonly dataFiles?: ReadonlyArray<{ readonly source: string; readonly inBundle: string }>;
}
