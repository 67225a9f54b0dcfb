import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '#shared/domain/errors';
import { statusEvent, withStatus, type ServiceRequest } from '#shared/domain/service-request';
import { TrackingCodeTakenError } from '#shared/ports/request-repository';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });

const newRequest = (trackingCode: string): ServiceRequest =>
  requestFixture({ trackingCode, description: 'radio', contact: { name: 'n', phone: '+8613900000000', address: 'a' } });

const code = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));

describe('DynamoRequestRepository on DynamoDB Local', () => {
  it('refuses a taken tracking code and writes nothing of the second request', async () => {
    const { requests } = local().adapters;
    const shared = code();
    const first = newRequest(shared);
    await requests.create({ request: first, events: [], outbox: [] });
    const second = newRequest(shared);
    await expect(requests.create({ request: second, events: [], outbox: [] })).rejects.toBeInstanceOf(TrackingCodeTakenError);
    expect(await requests.get(second.id)).toBeUndefined();
  });

  it('stores a legal change once and refuses a second change from the same version', async () => {
    const { requests } = local().adapters;
    const before = newRequest(code());
    await requests.create({ request: before, events: [], outbox: [] });
    const waiting = withStatus(before, 'WAITING', new Date().toISOString());
    await requests.changeStatus({ before, after: waiting, event: statusEvent(waiting, { zh: '等', en: 'wait' }, 'system') });
    const escalated = withStatus(before, 'ESCALATED', new Date().toISOString());
    const racing = requests.changeStatus({ before, after: escalated, event: statusEvent(escalated, { zh: '升', en: 'up' }, 'system') });
    await expect(racing).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(racing).rejects.toMatchObject({ from: 'WAITING', to: 'ESCALATED' });
    const stored = await requests.getWithTimeline(before.id);
    expect(stored?.request).toMatchObject({ status: 'WAITING', version: 2 });
    expect(stored?.timeline).toHaveLength(1);
  });

  it('lets exactly one of twenty concurrent changes from the same version win', async () => {
    const { requests } = local().adapters;
    const before = newRequest(code());
    await requests.create({ request: before, events: [], outbox: [] });
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const after = withStatus(before, i % 2 ? 'WAITING' : 'CANCELLED', new Date().toISOString());
      return requests.changeStatus({ before, after, event: statusEvent(after, { zh: String(i), en: String(i) }, 'system') });
    });
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = await requests.getWithTimeline(before.id);
    expect(stored?.request.version).toBe(2);
    expect(stored?.timeline).toHaveLength(1);
  });
});
