/**
 * What a page of the admins' request list reads: 5,000 requests in one district's month, pages
 * of 50 at the district's level and a community's. Before the creation index (gsi4) a district's
 * page read the month whole (5,000 requests) and a community's its own month (250); now about the
 * page. And requests created in the same millisecond (gsi4's sort key is `createdAt`: ties in no
 * stored order) paged through across page boundaries, each once and in order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { batchWriteAll } from '#shared/adapters/dynamo/batch';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { requestItem } from '#shared/adapters/dynamo/request-items';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { listRequests } from '#shared/use-cases/admin-requests';
import { countedReads } from '../support/counted-reads';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
/** A district no other test of this table uses: 4 streets of 5 communities. */
const DISTRICT = '370997';
const COMMUNITIES = Array.from({ length: 20 }, (_, i) => `${DISTRICT}00${1 + Math.floor(i / 5)}00${1 + (i % 5)}`);
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const COUNT = 5_000;
/** Every 8 minutes from the start of October (Beijing): 5,000 fill 28 days of it. */
const createdAt = (i: number) => new Date(Date.parse('2026-10-01T00:00:00+08:00') + i * 8 * 60_000).toISOString();
/** One in 200 is closed: 25 of the month, for a rare filter. */
const closed = (i: number) => i % 200 === 7;

const stored: ServiceRequest[] = [];
const newestFirst = (rs: readonly ServiceRequest[]) => [...rs].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((r) => r.id);
const db = () => createDocumentClient(local().stack.dynamodb);
const put = (requests: readonly ServiceRequest[]) =>
  batchWriteAll(
    db(),
    local().stack.tableName,
    requests.map((r) => ({ PutRequest: { Item: requestItem(r) } })),
  );

beforeAll(async () => {
  for (let i = 0; i < COUNT; i++)
    stored.push(
      requestFixture({
        id: `req${String(i).padStart(5, '0')}`,
        areaId: COMMUNITIES[i % COMMUNITIES.length]!,
        createdAt: createdAt(i),
        updatedAt: createdAt(i),
        ...(closed(i) ? { status: 'CLOSED' as const } : {}),
      }),
    );
  await put(stored);
}, 120_000);

function counted() {
  const reads = countedReads(local().stack.tableName);
  const deps = { ...local().adapters, ...reads.tables, clock: { now: () => new Date('2026-11-05T00:00:00Z') } };
  return { reads, list: (query: Record<string, string>) => listRequests(deps, center, { ...OCTOBER, limit: '50', ...query }) };
}

describe('the admins’ request list, 5,000 requests in one district’s month', () => {
  it('reads about a page for each page of 50 at the district’s level, newest first, the pages in order', async () => {
    const { reads, list } = counted();
    const expected = newestFirst(stored);
    let after: string | undefined;
    for (let p = 0; p < 3; p++) {
      reads.reset();
      const page = await list({ area: DISTRICT, ...(after ? { after } : {}) });
      expect(page.requests.map((r) => r.id)).toEqual(expected.slice(p * 50, p * 50 + 50));
      // 51 requests and their places, the one after (whether the last one's time ends there) and the
      // cursor's own (the old read: all 5,000 requests).
      expect(reads.items).toBeLessThanOrEqual(2 * 51 + 2);
      expect(reads.units).toBeLessThan(60);
      process.stdout.write(`district page ${p + 1}: ${reads.items} items, ${reads.units} read units\n`);
      after = page.next;
    }
    // Oldest first too.
    const oldest = await list({ area: DISTRICT, order: 'oldest' });
    expect(oldest.requests.map((r) => r.id)).toEqual(expected.slice(-50).reverse());
  });

  it('reads about a page for each page of 50 of one community (250 of them in the month)', async () => {
    const { reads, list } = counted();
    const community = COMMUNITIES[3]!;
    const expected = newestFirst(stored.filter((r) => r.areaId === community));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      reads.reset();
      const page = await list({ area: community, ...(after ? { after } : {}) });
      seen.push(...page.requests.map((r) => r.id));
      // 51 requests of one query, and the cursor's own (the old read: the community's 250).
      expect(reads.items).toBeLessThanOrEqual(51 + 1);
      process.stdout.write(`community page: ${reads.items} items, ${reads.units} read units\n`);
      after = page.next;
    } while (after);
    expect(seen).toEqual(expected);
  });

  it('pages a community’s requests of one status in order, reading a few chunks a page (25 closed of its 250)', async () => {
    const { reads, list } = counted();
    const community = COMMUNITIES[7]!;
    const expected = newestFirst(stored.filter((r) => r.areaId === community && r.status === 'CLOSED'));
    expect(expected).toHaveLength(25);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      reads.reset();
      const page = await list({ area: community, status: 'CLOSED', limit: '5', ...(after ? { after } : {}) });
      seen.push(...page.requests.map((r) => r.id));
      // One in ten is closed: 6 found in about 60 read, in chunks of 6, 12, 24, 48, each with the cursor's
      // own request (the old read: all 250).
      expect(reads.items).toBeLessThanOrEqual(6 + 12 + 24 + 48 + 4);
      after = page.next;
    } while (after);
    expect(seen).toEqual(expected);
  });
});

describe('requests created in the same millisecond, paged through (gsi4 holds them in no order)', () => {
  /** Another district: 120 requests at three times, 85 of them at one, over 4 communities. */
  const district = '370996';
  const times = ['2026-10-03T01:00:00.000Z', '2026-10-05T02:00:00.000Z', '2026-10-07T03:00:00.000Z'];
  const sizes = [20, 85, 15];
  const tied = times.flatMap((at, t) =>
    Array.from({ length: sizes[t]! }, (_, i) =>
      requestFixture({
        // Ids in no relation to the order they were stored in.
        id: `tie${t}${String((i * 37) % sizes[t]!).padStart(3, '0')}x`,
        areaId: `${district}00100${1 + (i % 4)}`,
        createdAt: at,
        updatedAt: at,
      }),
    ),
  );
  /** (createdAt, id), newest first. */
  const inOrder = [...tied].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));

  beforeAll(async () => {
    await put([...tied].reverse());
  });

  it.each(['newest', 'oldest'] as const)('lists each of them once, in order, in pages of 25 (%s first)', async (order) => {
    const { list } = counted();
    const expected = inOrder.map((r) => r.id);
    if (order === 'oldest') expected.reverse();
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await list({ area: district, order, limit: '25', ...(after ? { after } : {}) });
      seen.push(...page.requests.map((r) => r.id));
      after = page.next;
      pages++;
    } while (after && pages < 10);
    // Page 1 ends inside the 85, page 4 at their end (its cursor is the group's last id).
    expect(seen).toEqual(expected);
  });

  it('lists one community’s tied requests once each, in order', async () => {
    const { list } = counted();
    const community = `${district}001002`;
    const expected = inOrder.filter((r) => r.areaId === community).map((r) => r.id);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await list({ area: community, limit: '7', ...(after ? { after } : {}) });
      seen.push(...page.requests.map((r) => r.id));
      after = page.next;
    } while (after && seen.length <= expected.length);
    expect(seen).toEqual(expected);
  });
});
