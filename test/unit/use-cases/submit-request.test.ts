import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError, IdempotencyMismatchError } from '#shared/domain/errors';
import { tokenMatches } from '#shared/domain/identifiers';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { relayBackoffSeconds, relayOutbox } from '#shared/use-cases/relay-outbox';
import { parseOrder, submitRequest } from '#shared/use-cases/submit-request';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { translateIssue } from '#shared/web/issue-words';

const submission = (overrides: Record<string, unknown> = {}) =>
  parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: '370902003009',
    description: '电视没有图像',
    contactName: '赵大爷',
    phone: '13600001234',
    address: '5号楼',
    attributes: { applianceType: 'tv' },
    ...overrides,
  });

let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let publisher: MemoryDeps['publisher'];
let now: Date;
const deps = () => mem;

beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  publisher = mem.publisher;
  now = new Date('2026-11-29T08:00:00.000Z');
});

describe('submitRequest', () => {
  it('stores a SUBMITTED request whose token is kept only as a hash, and queues it', async () => {
    const result = await submitRequest(deps(), { submission: submission(), channel: 'web' });
    const stored = store.requests.get(result.submitted.id)!;
    expect(stored).toMatchObject({ status: 'SUBMITTED', version: 1, channel: 'web', attributes: { applianceType: 'tv' } });
    expect(JSON.stringify(stored)).not.toContain(result.submitted.accessToken);
    expect(tokenMatches(result.submitted.accessToken, stored.accessTokenHash)).toBe(true);
    expect(publisher.sent).toEqual([
      {
        id: `${stored.id}.v1.dispatch`,
        requestId: stored.id,
        queue: 'dispatch',
        body: { requestId: stored.id, version: 1 },
        dueAt: '2026-11-29T08:00:30.000Z',
      },
    ]);
    expect(result).toMatchObject({ created: true, queued: true });
    // The outbox copy stays until the consumer has acted on the message.
    expect([...store.outboxMessages.keys()]).toEqual([`${stored.id}#${stored.id}.v1.dispatch`]);
    await dispatchRequest(deps(), { requestId: stored.id, version: 1 });
    expect(store.outboxMessages.size).toBe(0);
  });

  it('keeps the message in the outbox when the send fails, and the relay sends it once due', async () => {
    publisher.failing = true;
    const result = await submitRequest(deps(), { submission: submission(), channel: 'api' });
    expect(result.queued).toBe(false);
    expect(store.outboxMessages.size).toBe(1);
    publisher.failing = false;
    expect((await relayOutbox(deps())).relayed).toEqual([]);
    now = new Date(now.getTime() + 30_000);
    expect((await relayOutbox(deps())).relayed).toEqual([`${result.submitted.id}.v1.dispatch`]);
    expect(publisher.sent).toHaveLength(1);
    // Not settled yet: it is sent again after a backoff, not on every run.
    expect((await relayOutbox(deps())).relayed).toEqual([]);
    now = new Date(now.getTime() + 30_000);
    expect((await relayOutbox(deps())).relayed).toHaveLength(1);
    expect([...store.outboxMessages.values()][0]).toMatchObject({ relays: 2, dueAt: '2026-11-29T08:02:00.000Z' });
    await dispatchRequest(deps(), { requestId: result.submitted.id, version: 1 });
    expect(store.outboxMessages.size).toBe(0);
    expect((await relayOutbox(deps())).relayed).toEqual([]);
  });

  it('backs the relay off from 30 seconds up to 15 minutes, so a provider back is used within that', () => {
    expect([0, 1, 2, 3, 4, 5].map(relayBackoffSeconds)).toEqual([30, 60, 120, 240, 480, 900]);
    expect(relayBackoffSeconds(30)).toBe(900);
  });

  it('draws another tracking code when the first is taken', async () => {
    const first = await submitRequest(deps(), { submission: submission(), channel: 'api' });
    const taken = store.trackingCodes;
    let draws = 0;
    const realCreate = store.create.bind(store);
    store.create = async (record) => {
      draws++;
      if (draws === 1) return realCreate({ ...record, request: { ...record.request, trackingCode: first.submitted.trackingCode } });
      return realCreate(record);
    };
    const second = await submitRequest(deps(), { submission: submission(), channel: 'api' });
    expect(draws).toBe(2);
    expect(taken.size).toBe(2);
    expect(second.submitted.trackingCode).not.toBe(first.submitted.trackingCode);
  });

  it('replays the first answer for the same Idempotency-Key and body, and refuses another body', async () => {
    const first = await submitRequest(deps(), { submission: submission(), channel: 'api', idempotencyKey: 'k1' });
    const again = await submitRequest(deps(), { submission: submission(), channel: 'api', idempotencyKey: 'k1' });
    expect(again).toEqual({ submitted: first.submitted, created: false, queued: true });
    expect(store.requests.size).toBe(1);
    await expect(
      submitRequest(deps(), { submission: submission({ description: '另一件事' }), channel: 'api', idempotencyKey: 'k1' }),
    ).rejects.toBeInstanceOf(IdempotencyMismatchError);
  });

  it('refuses an unknown service, a street instead of a community, and urgency where the service does not allow it', async () => {
    const fields = async (overrides: Record<string, unknown>) => {
      const error = await submitRequest(deps(), { submission: submission(overrides), channel: 'api' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues.map((i) => i.field);
    };
    expect(await fields({ serviceCode: 'space-travel' })).toEqual(['serviceCode']);
    expect(await fields({ areaId: '370902003' })).toEqual(['areaId']);
    expect(await fields({ areaId: '370999001001' })).toEqual(['areaId']);
    expect(await fields({ serviceCode: 'micro-wish', urgency: 'urgent', attributes: { wishItem: '收音机' } })).toEqual(['urgency']);
    expect(store.requests.size).toBe(0);
  });

  it('refuses a community retired from the division table, in words the form shows in Chinese', async () => {
    const areas = demoAreas.map((a) => (a.id === '370902003009' ? { ...a, retiredAt: '2026-01-01T00:00:00.000Z' } : a));
    const retired = memoryDeps({ clock: { now: () => now }, services: demoServices, areas });
    const error = await submitRequest(retired, { submission: submission(), channel: 'api' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const [issue] = (error as ValidationError).issues;
    expect(issue?.field).toBe('areaId');
    expect(translateIssue(issue!.message, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  });

  it("names every bad field at once: the service's own fields with the order's, and with a wrong area", async () => {
    const fields = (error: unknown) => (error instanceof ValidationError ? error.issues.map((i) => i.field) : error);
    const order = {
      serviceCode: 'appliance-repair',
      areaId: '370902003009',
      contactName: '赵大爷',
      phone: '13600001234',
      address: '5号楼',
    };
    expect(fields(await parseOrder(deps(), { ...order, description: '', attributes: {} }).catch((e: unknown) => e))).toEqual([
      'description',
      'attributes.applianceType',
    ]);
    const wrongArea = { ...order, description: '电视没有图像', areaId: '370902003', attributes: {} };
    expect(
      fields(await submitRequest(deps(), { submission: parseSubmission(wrongArea), channel: 'api' }).catch((e: unknown) => e)),
    ).toEqual(['areaId', 'attributes.applianceType']);
  });

  it('asks for admission only for a valid, new submission, and writes nothing when refused', async () => {
    const admitted: string[] = [];
    const admit = (label: string) => async () => {
      admitted.push(label);
    };
    await submitRequest(deps(), {
      submission: submission({ serviceCode: 'space-travel' }),
      channel: 'api',
      admit: admit('unknown service'),
    }).catch(() => undefined);
    await submitRequest(deps(), {
      submission: submission({ areaId: '370902003' }),
      channel: 'api',
      admit: admit('street'),
    }).catch(() => undefined);
    await submitRequest(deps(), { submission: submission(), channel: 'api', idempotencyKey: 'k2', admit: admit('first') });
    await submitRequest(deps(), { submission: submission(), channel: 'api', idempotencyKey: 'k2', admit: admit('retry') });
    expect(admitted).toEqual(['first']);
    const refusal = new Error('too many');
    await expect(
      submitRequest(deps(), { submission: submission({ description: '又一件事' }), channel: 'api', admit: () => Promise.reject(refusal) }),
    ).rejects.toBe(refusal);
    expect(store.requests.size).toBe(1);
  });
});
