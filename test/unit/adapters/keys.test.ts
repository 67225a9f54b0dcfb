import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamo/keys';

describe('key formats', () => {
  it('keeps a request and its timeline in one partition, events sorted before the request', () => {
    const request = keys.request('abc');
    const event = keys.timelineEvent('abc', '2026-11-29T04:00:00.000Z', 2);
    expect(event.pk).toBe(request.pk);
    expect(event.sk).toBe('EVT#2026-11-29T04:00:00.000Z#0002');
    expect(event.sk < request.sk).toBe(true);
    expect(event.sk.startsWith(keys.timelinePrefix)).toBe(true);
  });

  it('orders timeline events of the same millisecond by sequence', () => {
    const at = '2026-11-29T04:00:00.000Z';
    expect(keys.timelineEvent('a', at, 9).sk < keys.timelineEvent('a', at, 10).sk).toBe(true);
  });

  it('keeps every unsettled outbox message in one partition, unique per request and message', () => {
    expect(keys.outbox('abc', 'notice-v2-offer').pk).toBe(keys.outboxPartition);
    expect(keys.outbox('abc', 'notice-v2-offer')).not.toEqual(keys.outbox('abd', 'notice-v2-offer'));
    expect(keys.outbox('abc', 'notice-v2-offer').pk).not.toBe(keys.request('abc').pk);
  });

  it('lists the menu with categories in their order before services', () => {
    expect(keys.menuEntryOfCategory(2, 'repair').gsi1sk).toBe('CATEGORY#0002#repair');
    expect(keys.menuEntryOfCategory(10, 'x').gsi1sk > keys.menuEntryOfCategory(9, 'x').gsi1sk).toBe(true);
    expect(keys.menuEntryOfService('repair', 'radio')).toEqual({ gsi1pk: 'MENU', gsi1sk: 'SERVICE#repair#radio' });
  });
});
