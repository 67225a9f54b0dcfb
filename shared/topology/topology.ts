/**
 * The system, declared once. The CDK stack (`infra/stack.ts`) and the local stack
 * (`infra/local/`) both build from this object and nothing else, so the two cannot drift;
 * `test/infra/topology-agreement.test.ts` checks it.
 *
 * Plain data, no CDK import: the local stack loads it without pulling in aws-cdk-lib.
 */

import {
  type FunctionSpec,
  type HttpMethod,
  type HttpTrigger,
  type Messaging,
  type QueueName,
  type QueueSpec,
  queueNames,
  type TableAccess,
  type TableSpec,
} from './spec';
import { CERTIFICATE_FONT } from './data-files';

export type {
  TableAccess,
  QueueAccess,
  Messaging,
  HttpMethod,
  IndexSpec,
  TableSpec,
  QueueSpec,
  HttpTrigger,
  QueueTrigger,
  ScheduleTrigger,
  Trigger,
  FunctionSpec,
  QueueName,
} from './spec';

// Generic so each trigger keeps its literal method and path: `RouteKey<N>` is built from them.
interface Route<M extends HttpMethod, P extends string> extends HttpTrigger {
  readonly method: M;
  readonly path: P;
}
const http = <M extends HttpMethod, P extends string>(method: M, path: P): Route<M, P> => ({ kind: 'http', method, path });
const admin = <M extends HttpMethod, P extends string>(method: M, path: P): Route<M, P> & { readonly auth: 'admin' } => ({
  kind: 'http',
  method,
  path,
  auth: 'admin',
});

export const topology = {
  table: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      /** Listings: areas of a subtree, the service menu, teams covering a service and area, waiting lines. */
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
      /** Due work by time: unsettled outbox messages; requests whose offer, wait or expiry is due. */
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
      /** Requests per district and month by area path, then time (service records; a community's list); communities by name. */
      { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'ALL' },
      /**
       * The admins' request list: gsi3's partitions by creation time, with the area; on attributes every
       * request holds, none of which changes, so the item grows by no byte and the entry is written once.
       */
      { name: 'gsi4', partitionKey: 'gsi3pk', sortKey: 'createdAt', projection: 'INCLUDE', nonKeyAttributes: ['areaId'] },
    ],
    ttlAttribute: 'ttl',
  },
  queues: {
    dispatch: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 14 },
    /** Notices to teams and residents; a failing target is retried by redelivery, then dead-lettered. */
    notify: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 4 },
  },
  functions: {
    'resident-form': {
      entry: 'functions/resident-form.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/')],
      table: 'read',
    },
    'list-services': {
      entry: 'functions/list-services.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/services'), http('GET', '/services/{code}')],
      table: 'read',
    },
    'list-areas': {
      entry: 'functions/list-areas.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/areas')],
      table: 'read',
    },
    'submit-request': {
      entry: 'functions/submit-request.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [http('POST', '/requests')],
      table: 'readwrite',
      // notify: a web order's tracking code by SMS (`received`), sent at once rather than by the outbox relay.
      queues: { dispatch: 'send', notify: 'send' },
      publicUrl: true,
    },
    'get-request': {
      entry: 'functions/get-request.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/requests/{id}')],
      table: 'read',
      publicUrl: true,
    },
    'cancel-request': {
      entry: 'functions/cancel-request.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [http('POST', '/requests/{id}/cancel')],
      table: 'readwrite',
      queues: { notify: 'send' },
      publicUrl: true,
    },
    'resident-feedback': {
      entry: 'functions/resident-feedback.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [http('POST', '/requests/{id}/rating'), http('POST', '/requests/{id}/reopen')],
      table: 'readwrite',
      queues: { dispatch: 'send', notify: 'send' },
      publicUrl: true,
    },
    'view-offer': {
      entry: 'functions/view-offer.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/offers/{id}')],
      table: 'read',
      publicUrl: true,
    },
    'answer-offer': {
      entry: 'functions/answer-offer.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [http('POST', '/offers/{id}/accept'), http('POST', '/offers/{id}/decline')],
      table: 'readwrite',
      queues: { dispatch: 'send', notify: 'send' },
      publicUrl: true,
    },
    'team-work': {
      entry: 'functions/team-work.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/team/offers'), http('GET', '/team/orders')],
      table: 'read',
    },
    'team-members': {
      entry: 'functions/team-members.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [
        http('GET', '/team/members'),
        http('POST', '/team/members'),
        http('DELETE', '/team/members/{id}'),
        http('DELETE', '/team/invitations/{id}'),
      ],
      table: 'readwrite',
      // An invitation's SMS goes sealed to send-notifications.
      queues: { notify: 'send' },
    },
    'complete-request': {
      entry: 'functions/complete-request.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [http('POST', '/requests/{id}/complete')],
      table: 'readwrite',
      queues: { notify: 'send' },
      publicUrl: true,
    },
    'volunteer-credits': {
      entry: 'functions/volunteer-credits.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/volunteers/{id}/credits')],
      table: 'read',
    },
    'volunteer-self': {
      entry: 'functions/volunteer-self.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [
        http('GET', '/me'),
        http('POST', '/me/code'),
        http('POST', '/me/sign-in'),
        http('POST', '/me/sign-out'),
        http('GET', '/me/certificates/{number}'),
        http('GET', '/me/register'),
        http('POST', '/me/register/code'),
        http('POST', '/me/register'),
        // Signed in: a code to a new phone of one's own, then the change.
        http('POST', '/me/phone/code'),
        http('POST', '/me/phone'),
      ],
      // Sign-in codes and their rate limits.
      table: 'readwrite',
      // Sign-in codes go sealed to send-notifications; registration codes by SMS while the caller waits.
      queues: { notify: 'send' },
      messaging: ['sms'],
      publicUrl: true,
    },
    'resident-lookup': {
      entry: 'functions/resident-lookup.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/lookup'), http('POST', '/lookup')],
      table: 'read+rate-limits',
    },
    'team-console': {
      entry: 'functions/team-console.ts',
      timeoutSeconds: 5,
      memoryMb: 128,
      triggers: [http('GET', '/team')],
    },
    'admin-console': {
      entry: 'functions/admin-console.ts',
      timeoutSeconds: 5,
      memoryMb: 128,
      triggers: [http('GET', '/console')],
      staffSignIn: true,
    },
    'admin-requests': {
      entry: 'functions/admin-requests.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [
        admin('GET', '/admin/requests'),
        admin('POST', '/admin/requests'),
        admin('GET', '/admin/requests/{id}'),
        admin('POST', '/admin/requests/{id}/dispatch'),
        admin('POST', '/admin/requests/{id}/reassign'),
        admin('POST', '/admin/requests/{id}/reject'),
        admin('POST', '/admin/requests/{id}/cancel'),
        admin('POST', '/admin/requests/{id}/hours'),
        admin('POST', '/admin/requests/{id}/rating'),
        admin('POST', '/admin/requests/{id}/reopen'),
        admin('POST', '/admin/requests/{id}/erase'),
      ],
      table: 'readwrite',
      queues: { dispatch: 'send', notify: 'send' },
      publicUrl: true,
    },
    'admin-teams': {
      entry: 'functions/admin-teams.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [
        admin('GET', '/admin/teams'),
        admin('POST', '/admin/teams'),
        admin('GET', '/admin/teams/{id}'),
        admin('PATCH', '/admin/teams/{id}'),
        admin('POST', '/admin/teams/{id}/pause'),
        admin('POST', '/admin/teams/{id}/resume'),
        admin('POST', '/admin/teams/{id}/token'),
      ],
      table: 'readwrite',
      /** The notices of the offers a created, changed or resumed team is made (`offerWaitingTo`), sent at once. */
      queues: { notify: 'send' },
      checksChannels: true,
    },
    'admin-dead-letters': {
      entry: 'functions/admin-dead-letters.ts',
      timeoutSeconds: 30,
      memoryMb: 256,
      triggers: [admin('GET', '/admin/dead-letters'), admin('POST', '/admin/dead-letters/{queue}/redrive')],
      deadLetters: 'manage',
    },
    'admin-menu': {
      entry: 'functions/admin-menu.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [admin('GET', '/admin/services'), admin('PUT', '/admin/services/{code}'), admin('PUT', '/admin/categories/{code}')],
      table: 'readwrite',
    },
    'admin-volunteers': {
      entry: 'functions/admin-volunteers.ts',
      timeoutSeconds: 15,
      memoryMb: 256,
      triggers: [
        admin('POST', '/admin/volunteers'),
        admin('GET', '/admin/volunteers'),
        admin('GET', '/admin/volunteers/{id}'),
        admin('POST', '/admin/volunteers/{id}/merge'),
        admin('POST', '/admin/volunteers/{id}/teams'),
        admin('PUT', '/admin/volunteers/{id}/phone'),
        admin('PUT', '/admin/volunteers/{id}/home'),
        admin('GET', '/admin/volunteer-stats'),
        admin('GET', '/admin/volunteer-records.csv'),
      ],
      table: 'readwrite',
    },
    'admin-certificates': {
      entry: 'functions/admin-certificates.ts',
      timeoutSeconds: 20,
      // Parsing the font and setting a long record's pages: more memory is more CPU on Lambda.
      memoryMb: 512,
      triggers: [
        admin('POST', '/admin/volunteers/{id}/certificates'),
        admin('GET', '/admin/volunteers/{id}/certificates'),
        admin('GET', '/admin/certificates/{number}'),
        admin('GET', '/admin/certificates/{number}/pdf'),
        admin('POST', '/admin/certificates/{number}/revoke'),
      ],
      // Issues (a sequence number, the certificate) and revokes.
      table: 'readwrite',
      // The PDF names the public page that checks the number.
      publicUrl: true,
      dataFiles: [CERTIFICATE_FONT],
    },
    'verify-certificate': {
      entry: 'functions/verify-certificate.ts',
      timeoutSeconds: 5,
      memoryMb: 256,
      triggers: [http('GET', '/certificates'), http('GET', '/certificates/{number}')],
      table: 'read+rate-limits',
    },
    'wish-wall': {
      entry: 'functions/wish-wall.ts',
      timeoutSeconds: 5,
      memoryMb: 256,
      // Public pages: the wall of an area and each wish, with the station's text only.
      triggers: [http('GET', '/wall'), http('GET', '/wall/{area}'), http('GET', '/wall/wishes/{id}')],
      table: 'read',
      publicUrl: true,
    },
    'volunteer-claims': {
      entry: 'functions/volunteer-claims.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      // Under /me, the volunteer's own routes, signed in by the session cookie: claim, report fulfilled, give up.
      triggers: [http('POST', '/me/claims/{id}'), http('POST', '/me/claims/{id}/fulfil'), http('POST', '/me/claims/{id}/give-up')],
      table: 'readwrite',
      queues: { notify: 'send' },
      publicUrl: true,
    },
    'volunteer-teams': {
      entry: 'functions/volunteer-teams.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      // Under /me, the volunteer's own routes, signed in by the session cookie: answer a team's invitation, leave a team.
      triggers: [
        http('POST', '/me/invitations/{id}/accept'),
        http('POST', '/me/invitations/{id}/decline'),
        http('POST', '/me/teams/{id}/leave'),
      ],
      table: 'readwrite',
      publicUrl: true,
    },
    'team-pool': {
      entry: 'functions/team-pool.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [http('GET', '/team/pool'), http('POST', '/team/pool/{id}/claim'), http('POST', '/team/claims/{id}/give-up')],
      table: 'readwrite',
      queues: { notify: 'send' },
    },
    'admin-wishes': {
      entry: 'functions/admin-wishes.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [
        admin('GET', '/admin/wishes'),
        admin('POST', '/admin/wishes/{id}/publish'),
        admin('POST', '/admin/wishes/{id}/claim'),
        admin('POST', '/admin/wishes/{id}/fulfil'),
        admin('POST', '/admin/wishes/{id}/give-up'),
        admin('GET', '/admin/work-units'),
        admin('POST', '/admin/work-units'),
      ],
      table: 'readwrite',
      queues: { notify: 'send' },
    },
    'admin-areas': {
      entry: 'functions/admin-areas.ts',
      timeoutSeconds: 10,
      memoryMb: 256,
      triggers: [
        admin('GET', '/admin/me'),
        admin('GET', '/admin/areas'),
        admin('GET', '/admin/areas/{id}'),
        admin('PATCH', '/admin/areas/{id}'),
        admin('POST', '/admin/areas/{id}/retire'),
        admin('POST', '/admin/areas/{id}/restore'),
      ],
      table: 'readwrite',
    },
    'admin-credits': {
      entry: 'functions/admin-credits.ts',
      timeoutSeconds: 15,
      memoryMb: 512,
      triggers: [
        admin('POST', '/admin/redemptions'),
        admin('GET', '/admin/redemptions/{code}'),
        admin('POST', '/admin/requests/{id}/void-credits'),
        admin('POST', '/admin/requests/{id}/hours-correction'),
        admin('GET', '/admin/credit-rules'),
        admin('PUT', '/admin/credit-rules'),
      ],
      table: 'readwrite',
    },
    'dispatch-request': {
      entry: 'functions/dispatch-request.ts',
      timeoutSeconds: 30,
      memoryMb: 512,
      triggers: [{ kind: 'queue', queue: 'dispatch', batchSize: 10, maxBatchingWindowSeconds: 0 }],
      table: 'readwrite',
      queues: { dispatch: 'consume', notify: 'send' },
    },
    'sweep-due': {
      entry: 'functions/sweep-due.ts',
      timeoutSeconds: 60,
      memoryMb: 512,
      triggers: [{ kind: 'schedule', everyMinutes: 1, localEverySeconds: 5 }],
      table: 'readwrite',
      queues: { dispatch: 'send', notify: 'send' },
    },
    'reconcile-outbox': {
      entry: 'functions/reconcile-outbox.ts',
      timeoutSeconds: 60,
      memoryMb: 256,
      triggers: [{ kind: 'schedule', everyMinutes: 1, localEverySeconds: 5 }],
      table: 'readwrite',
      queues: { dispatch: 'send', notify: 'send' },
    },
    'send-notifications': {
      entry: 'functions/send-notifications.ts',
      timeoutSeconds: 30,
      memoryMb: 512,
      triggers: [{ kind: 'queue', queue: 'notify', batchSize: 10, maxBatchingWindowSeconds: 0 }],
      table: 'readwrite',
      queues: { notify: 'consume' },
      messaging: ['sms', 'email'],
      publicUrl: true,
    },
    'roll-up-stats': {
      entry: 'functions/roll-up-stats.ts',
      // Folds each day that is over (a first run: the 40 days facts are kept), then rolls up the
      // months; a first run rolls up thirteen months of a city: every area that had counters, each month.
      timeoutSeconds: 300,
      memoryMb: 512,
      triggers: [{ kind: 'schedule', everyMinutes: 60, localEverySeconds: 60 }],
      table: 'readwrite',
    },
    'apply-retention': {
      entry: 'functions/apply-retention.ts',
      // A run stops taking requests at half of it; the next goes on (bounded work, docs/operations.md).
      timeoutSeconds: 120,
      memoryMb: 256,
      // Hourly, so a run that fails is seen (the failing-runs alarm counts hours); a run past the
      // months already done reads a month or two of keys.
      triggers: [{ kind: 'schedule', everyMinutes: 60, localEverySeconds: 300 }],
      table: 'readwrite',
      retention: true,
    },
    'admin-stats': {
      entry: 'functions/admin-stats.ts',
      // A city's year reads ~10,000 counter items with its months rolled up; before roll-ups
      // exist (a new deployment's history) it reads ~150,000 day items: just under the HTTP API's 30 s.
      timeoutSeconds: 29,
      memoryMb: 512,
      triggers: [admin('GET', '/admin/stats'), admin('GET', '/admin/stats.csv')],
      table: 'read',
    },
  },
  api: {
    /** Steady-state requests per second across the API, and the burst above it. */
    throttle: { rateLimit: 50, burstLimit: 100 },
    /**
     * Largest request body a handler accepts; larger gets 413 (a form post, as a page). The order
     * form at its limits (2,000 characters of description and of a service's text field, with
     * contact and address) is ~40 KB once a browser percent-encodes each Chinese character to 9
     * bytes. API Gateway's own limit (10 MB) and Lambda's (6 MB) are far above.
     */
    maxBodyBytes: 64 * 1024,
  },
} as const satisfies {
  table: TableSpec;
  queues: Record<QueueName, QueueSpec>;
  functions: Record<string, FunctionSpec>;
  api: { throttle: { rateLimit: number; burstLimit: number }; maxBodyBytes: number };
};

export type FunctionName = keyof typeof topology.functions;

export const functionNames = Object.keys(topology.functions) as FunctionName[];

/** Environment variable through which a function learns a queue's URL. */
export function queueUrlEnv<Q extends QueueName>(queue: Q): `${Uppercase<Q>}_QUEUE_URL` {
  return `${queue.toUpperCase() as Uppercase<Q>}_QUEUE_URL`;
}

export const TABLE_NAME_ENV = 'TABLE_NAME';
export const PUBLIC_URL_ENV = 'PUBLIC_URL';
/** The verified SES sender; empty when the deployment sends no email. */
export const EMAIL_FROM_ENV = 'EMAIL_FROM';
/** How SMS leaves (`sns`, `aliyun`, `tencent`) and, for a mainland provider, its settings. */
export const SMS_PROVIDER_ENV = 'SMS_PROVIDER';
/** The template config (JSON, `shared/domain/sms-templates.ts`); empty with SNS. */
export const SMS_TEMPLATES_ENV = 'SMS_TEMPLATES';
/** The Secrets Manager secret holding the provider's keys; empty with SNS. */
export const SMS_SECRET_ENV = 'SMS_SECRET_ARN';
/** The provider API's base URL; empty for the provider's own (the local stack points it at a stub). */
export const SMS_ENDPOINT_ENV = 'SMS_ENDPOINT';
/** How email leaves: `ses`, `smtp` (the center's mail service) or `off`. */
export const EMAIL_TRANSPORT_ENV = 'EMAIL_TRANSPORT';
/** SMTP host, port, TLS mode and user (JSON); empty unless the transport is `smtp`. */
export const SMTP_SETTINGS_ENV = 'SMTP_SETTINGS';
/** The Secrets Manager secret holding the SMTP password; empty when the server takes no sign-in. */
export const SMTP_SECRET_ENV = 'SMTP_SECRET_ARN';
export const SIGN_IN_DOMAIN_ENV = 'SIGN_IN_DOMAIN_URL';
export const SIGN_IN_CLIENT_ENV = 'SIGN_IN_CLIENT_ID';
/** The staff sign-in's issuer and claim names (JSON, `shared/http/staff-sign-in.ts`): every function behind an admin route, and the console's. */
export const STAFF_SIGN_IN_ENV = 'STAFF_SIGN_IN';
/**
 * Set by the local stack only, for functions with `messaging`: SMS and email are kept in the
 * dev outbox (`/dev/outbox`) instead of going to SNS and SES, which do not run locally.
 */
export const DEV_OUTBOX_ENV = 'PAIDAN_DEV_OUTBOX';
/**
 * Set by the local stack only, for every function; the CDK stack never sets it: webhooks may use
 * plain http and loopback targets (the local receivers listen on 127.0.0.1). Without it a webhook
 * must be https to a public address (`shared/domain/webhook-target.ts`).
 */
export const LOCAL_WEBHOOKS_ENV = 'PAIDAN_LOCAL_WEBHOOKS';
/**
 * Set (`off`) by the local stack only, for every function; the CDK stack never sets it: notices
 * to residents go at any hour, not held for the night (`shared/domain/quiet-hours.ts`), so the
 * local stack's tests and demos do not hang on the hour they run at.
 */
export const QUIET_HOURS_ENV = 'PAIDAN_QUIET_HOURS';
/** Days a resident's personal data is kept after a request ends (`shared/domain/retention.ts`). */
export const RETENTION_DAYS_ENV = 'RETENTION_DAYS';

/** Environment variable through which a function learns a queue's dead-letter queue URL. */
export function deadLetterUrlEnv<Q extends QueueName>(queue: Q): `${Uppercase<Q>}_DLQ_URL` {
  return `${queue.toUpperCase() as Uppercase<Q>}_DLQ_URL`;
}

export const queueNamesOf = (): QueueName[] => [...queueNames];

/** The queues a function may send to (it is given their URLs). */
export function sendQueuesOf(spec: FunctionSpec): QueueName[] {
  return queueNames.filter((queue) => spec.queues?.[queue] === 'send');
}

/** True for a function behind an `auth: 'admin'` route: it verifies staff tokens itself. */
export function servesStaff(spec: FunctionSpec): boolean {
  return spec.triggers.some((t) => t.kind === 'http' && t.auth === 'admin');
}

/** The environment names a function is given, from its declared access. */
export function environmentNames(spec: FunctionSpec): string[] {
  const names: string[] = [];
  if (spec.table) names.push(TABLE_NAME_ENV);
  for (const queue of sendQueuesOf(spec)) names.push(queueUrlEnv(queue));
  if (spec.deadLetters === 'manage') {
    for (const queue of queueNames) names.push(queueUrlEnv(queue), deadLetterUrlEnv(queue));
  }
  if (spec.publicUrl) names.push(PUBLIC_URL_ENV);
  if (spec.staffSignIn) names.push(SIGN_IN_DOMAIN_ENV, SIGN_IN_CLIENT_ENV);
  if (spec.messaging?.includes('sms')) names.push(SMS_PROVIDER_ENV, SMS_TEMPLATES_ENV, SMS_SECRET_ENV, SMS_ENDPOINT_ENV);
  if (spec.messaging?.includes('email')) names.push(EMAIL_FROM_ENV, EMAIL_TRANSPORT_ENV, SMTP_SETTINGS_ENV, SMTP_SECRET_ENV);
  if (servesStaff(spec) || spec.staffSignIn) names.push(STAFF_SIGN_IN_ENV);
  if (spec.checksChannels) names.push(EMAIL_TRANSPORT_ENV);
  if (spec.retention) names.push(RETENTION_DAYS_ENV);
  return names;
}

type SpecOf<N extends FunctionName> = (typeof topology.functions)[N];
type SendQueuesIn<S> = S extends { readonly queues: infer Q }
  ? { [K in keyof Q]: Q[K] extends 'send' ? K : never }[keyof Q] & QueueName
  : never;

/** The queues function `N` may send to, as a type (`sendQueuesOf` at run time). */
export type SendQueue<N extends FunctionName> = SendQueuesIn<SpecOf<N>>;
/** Functions with table access. */
export type TableFunction = { [N in FunctionName]: SpecOf<N> extends { readonly table: TableAccess } ? N : never }[FunctionName];
/** Functions that send SMS or email (the local stack may keep those in the dev outbox). */
export type MessagingFunction = {
  [N in FunctionName]: SpecOf<N> extends { readonly messaging: readonly Messaging[] } ? N : never;
}[FunctionName];

/** The environment names function `N` is given, as a type: what `environmentNames` returns for it. */
export type EnvironmentName<N extends FunctionName> =
  | (N extends TableFunction ? typeof TABLE_NAME_ENV : never)
  | `${Uppercase<SendQueue<N>>}_QUEUE_URL`
  | (SpecOf<N> extends { readonly deadLetters: 'manage' } ? `${Uppercase<QueueName>}_${'QUEUE' | 'DLQ'}_URL` : never)
  | (SpecOf<N> extends { readonly publicUrl: true } ? typeof PUBLIC_URL_ENV : never)
  | (SpecOf<N> extends { readonly staffSignIn: true } ? typeof SIGN_IN_DOMAIN_ENV | typeof SIGN_IN_CLIENT_ENV : never)
  | (SpecOf<N>['triggers'][number] extends infer T ? (T extends { readonly auth: 'admin' } ? typeof STAFF_SIGN_IN_ENV : never) : never)
  | (SpecOf<N> extends { readonly staffSignIn: true } ? typeof STAFF_SIGN_IN_ENV : never)
  | (SpecOf<N> extends { readonly messaging: readonly (infer M)[] }
      ?
          | ('email' extends M
              ? typeof EMAIL_FROM_ENV | typeof EMAIL_TRANSPORT_ENV | typeof SMTP_SETTINGS_ENV | typeof SMTP_SECRET_ENV
              : never)
          | ('sms' extends M ? typeof SMS_PROVIDER_ENV | typeof SMS_TEMPLATES_ENV | typeof SMS_SECRET_ENV | typeof SMS_ENDPOINT_ENV : never)
      : never)
  | (SpecOf<N> extends { readonly checksChannels: true } ? typeof EMAIL_TRANSPORT_ENV : never)
  | (SpecOf<N> extends { readonly retention: true } ? typeof RETENTION_DAYS_ENV : never);

/** API Gateway's name for an HTTP route, `POST /admin/requests/{id}/void-credits`; events carry it as `routeKey`. */
export function routeKey(trigger: HttpTrigger): string {
  return `${trigger.method} ${trigger.path}`;
}

/** The route keys of a function's HTTP triggers. */
export function routeKeysOf(spec: FunctionSpec): string[] {
  return spec.triggers.flatMap((t) => (t.kind === 'http' ? [routeKey(t)] : []));
}

/** The route keys of function `N`, as a type (`routeKeysOf` at run time). */
export type RouteKey<N extends FunctionName> = SpecOf<N>['triggers'][number] extends infer T
  ? T extends { readonly kind: 'http'; readonly method: infer M extends string; readonly path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** A consumer's queue must stay invisible for at least six times the consumer's timeout (AWS guidance). */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;
