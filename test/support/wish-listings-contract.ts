/**
 * What every RequestRepository lists of the wish wall, checked on each implementation: the
 * DynamoDB adapter on DynamoDB Local (test/integration/request-repository.test.ts) and the
 * in-memory one (test/unit/adapters/memory-request-repository.test.ts). Each check works in a
 * district of its own (a made-up code), since the table may hold other checks' wishes.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceRequest } from '#shared/domain/service-request';
import { publish } from '#shared/domain/wish';
import type { RequestRepository } from '#shared/ports/request-repository';
import { requestFixture } from './fixtures';

/** A made-up district (`9` and five random digits): no real area's wishes are listed with it. */
const district = () => `9${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
const code = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));

/** A wish waiting for review in `areaId`, since `at`. */
async function inReview(requests: RequestRepository, areaId: string, at: Date): Promise<ServiceRequest> {
  const review = requestFixture({
    serviceCode: 'micro-wish',
    status: 'REVIEW',
    areaId,
    trackingCode: code(),
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  await requests.create({ request: review, events: [], outbox: [] });
  return review;
}

async function published(requests: RequestRepository, areaId: string, at: Date): Promise<ServiceRequest> {
  const review = await inReview(requests, areaId, at);
  const { after, event } = publish(review, { text: '一台收音机', wisher: '王奶奶' }, 'staff', new Date(at.getTime() + 1000));
  await requests.changeStatus({ before: review, after, event });
  return after;
}

const minutes = (n: number) => new Date(Date.parse('2026-12-01T02:00:00.000Z') + n * 60_000);

export function wishListingsContract(name: string, subjects: () => { readonly requests: RequestRepository }): void {
  describe(name, () => {
    it('offers an older page of a wall only when there is one: none for a wall of exactly one page', async () => {
      const { requests } = subjects();
      const community = `${district()}001001`;
      const wishes = [];
      for (let i = 0; i < 4; i++) wishes.push(await published(requests, community, minutes(i)));
      const ids = wishes.map((w) => w.id).reverse();
      const whole = await requests.wall(community, 4);
      expect(whole.entries.map((e) => e.requestId)).toEqual(ids);
      expect(whole.next).toBeUndefined();
      const first = await requests.wall(community, 3);
      expect(first.entries.map((e) => e.requestId)).toEqual(ids.slice(0, 3));
      const second = await requests.wall(community, 3, first.next);
      expect(second.entries.map((e) => e.requestId)).toEqual(ids.slice(3));
      expect(second.next).toBeUndefined();
    });

    it('lists the wishes in review of one area of a district, oldest first, however many older wait elsewhere in it', async () => {
      const { requests } = subjects();
      const d = district();
      const [busy, quiet] = [`${d}001001`, `${d}003009`];
      for (let i = 0; i < 12; i++) await inReview(requests, busy, minutes(i));
      const mine = [await inReview(requests, quiet, minutes(20)), await inReview(requests, quiet, minutes(21))];
      expect((await requests.inReview(d, 5, quiet)).map((r) => r.id)).toEqual(mine.map((r) => r.id));
      expect((await requests.inReview(d, 1, `${d}003`)).map((r) => r.id)).toEqual([mine[0]!.id]);
      expect(await requests.inReview(d, 5)).toHaveLength(5);
    });
  });
}
