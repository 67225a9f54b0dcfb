import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionEnv } from '#shared/config/function-env';
import { oidcClaimDefaults } from '#shared/http/staff-sign-in';
import { DEV_OUTBOX_ENV, environmentNames, functionNames, QUIET_HOURS_ENV, STAFF_SIGN_IN_ENV, topology } from '#shared/topology/topology';
import { queuePublisher } from '#shared/wiring/composition';
import { functionContext } from '#shared/wiring/function-context';

const root = resolve(import.meta.dirname, '../../..');

/** A value each variable accepts. */
function validValue(name: string): string {
  if (name.endsWith('_URL') && !name.startsWith('SIGN_IN')) return `https://example.test/${name.toLowerCase()}`;
  if (name === 'EMAIL_FROM') return 'paidan@example.test';
  if (name === 'SMS_PROVIDER') return 'sns';
  if (name === 'EMAIL_TRANSPORT') return 'ses';
  if (name === 'SMS_ENDPOINT') return '';
  if (name === 'RETENTION_DAYS') return '180';
  if (name === STAFF_SIGN_IN_ENV)
    return JSON.stringify({ issuer: 'https://sso.example.test', clientId: 'paidan-console', ...oidcClaimDefaults });
  return `value-of-${name.toLowerCase()}`;
}

const everyName = [...new Set(functionNames.flatMap((name) => environmentNames(topology.functions[name])))];
const everything = Object.fromEntries(everyName.map((name) => [name, validValue(name)]));

describe('functionEnv', () => {
  it.each(functionNames)('gives %s exactly the variables its topology entry grants', (name) => {
    expect(Object.keys(functionEnv(name, everything)).sort()).toEqual(environmentNames(topology.functions[name]).sort());
  });

  it('stops the cold start naming a missing variable', () => {
    const source = { TABLE_NAME: 'paidan', PUBLIC_URL: 'https://paidan.test' };
    expect(() => functionEnv('submit-request', source)).toThrow('Environment is missing or invalid: DISPATCH_QUEUE_URL');
  });

  it('refuses a malformed value', () => {
    expect(() => functionEnv('send-notifications', { ...everything, PUBLIC_URL: 'https://paidan.test/' })).toThrow(/PUBLIC_URL/);
  });

  it('reads the local dev-outbox switch only for functions that send SMS or email', () => {
    expect(functionEnv('send-notifications', { ...everything, [DEV_OUTBOX_ENV]: 'on' })[DEV_OUTBOX_ENV]).toBe('on');
    expect(functionEnv('list-areas', { ...everything, [DEV_OUTBOX_ENV]: 'on' })).not.toHaveProperty(DEV_OUTBOX_ENV);
  });

  it('reads the local stack’s switch-off of quiet hours, and nothing else for it', () => {
    expect(functionEnv('reconcile-outbox', { ...everything, [QUIET_HOURS_ENV]: 'off' })[QUIET_HOURS_ENV]).toBe('off');
    expect(functionEnv('send-notifications', everything)[QUIET_HOURS_ENV]).toBeUndefined();
    expect(() => functionEnv('send-notifications', { ...everything, [QUIET_HOURS_ENV]: 'on' })).toThrow(QUIET_HOURS_ENV);
  });

  it('types a variable the entry does not grant as absent', () => {
    const env = functionEnv('list-areas', everything);
    // @ts-expect-error list-areas may not send to the notify queue
    expect(env.NOTIFY_QUEUE_URL).toBeUndefined();
    expect(env.TABLE_NAME).toBe(everything.TABLE_NAME);
  });
});

describe('the handlers', () => {
  const handlers = readdirSync(join(root, 'functions')).filter((file) => file.endsWith('.ts'));

  it.each(handlers)('%s reads its environment only through its own topology entry', (file) => {
    const source = readFileSync(join(root, 'functions', file), 'utf8');
    expect(source).not.toMatch(/process\.env|readEnv\(/);
    const named = [...source.matchAll(/function(?:Context|Env)\('([^']+)'/g)].map((m) => m[1]);
    for (const name of named) expect(name).toBe(basename(file, '.ts'));
  });
});

describe('functionContext', () => {
  it('takes the publisher factory exactly for a function that may send to a queue (checked by tsc)', () => {
    const never = process.env.NEVER_SET_IN_TESTS === 'yes';
    if (never) {
      functionContext('submit-request', {}, queuePublisher);
      // @ts-expect-error submit-request sends to the dispatch and notify queues: it needs the publisher
      functionContext('submit-request', {});
      // @ts-expect-error list-areas sends to no queue: no SQS client in its bundle
      functionContext('list-areas', {}, queuePublisher);
      // @ts-expect-error admin-console has no table: it takes functionEnv alone
      functionContext('admin-console', {});
    }
    expect(never).toBe(false);
  });
});
