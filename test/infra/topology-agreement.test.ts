import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/app';
import { silentLog } from '#infra/local/log-line';
import { startLocalStack, type LocalInventory, type LocalStack } from '#infra/local/local-stack';
import { templateInventory, type TemplateInventory } from '#infra/template-inventory';

// The CDK stack and the local stack are both built from shared/topology/topology.ts. This proves the
// result agrees: what the synthesized template declares is what the running local stack serves.
let local: LocalStack;
let running: LocalInventory;
let deployed: TemplateInventory;

const byKey = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

beforeAll(async () => {
  const { stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, nag: false });
  deployed = templateInventory(Template.fromStack(stack).toJSON());
  local = await startLocalStack({ port: 0, log: silentLog, runSchedules: false });
  running = await local.inventory();
});
afterAll(async () => {
  await local?.stop();
});

describe('the synthesized template and the local stack', () => {
  it('serve the same HTTP routes', () => {
    expect(running.routes).toEqual([...deployed.routes].sort());
    expect(running.routes.length).toBeGreaterThan(0);
  });

  it('put the same routes behind the admin authorizer', () => {
    expect(running.adminRoutes).toEqual(deployed.adminRoutes);
    expect(running.adminRoutes.length).toBeGreaterThan(0);
    expect(running.routes).toEqual(expect.arrayContaining(running.adminRoutes));
  });

  it('create the same queues, each with its dead-letter queue', () => {
    expect(running.queues).toEqual([...deployed.queues].sort());
    expect(running.queues).toEqual(expect.arrayContaining(['dispatch', 'notify']));
  });

  it('keep and redeliver messages alike: visibility timeout, retention, receives before the dead-letter queue', () => {
    expect(running.queueSettings).toEqual(deployed.queueSettings);
    expect(running.queueSettings.every((q) => q.deadLetterQueue && q.maxReceiveCount > 0)).toBe(true);
  });

  it('feed each queue to the same consumer with the same batch size', () => {
    expect(byKey(running.eventSources)).toEqual(byKey(deployed.eventSources));
  });

  it('run the same functions on the same schedules', () => {
    expect(byKey(running.schedules)).toEqual(byKey(deployed.schedules));
    expect(running.schedules.length).toBeGreaterThan(0);
  });
});
