/**
 * The order of the two lines dispatch reads, checked on each RequestRepository (DynamoDB Local
 * and in memory): a service's waiting line, kept per county and read for an area of any level,
 * and the center's queue, by when each request went to the center.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statusEvent, withStatus, type ServiceRequest } from '#shared/domain/service-request';
import type { RequestRepository } from '#shared/ports/request-repository';
import { requestFixture } from './fixtures';
import { provinceLine } from './province-line';

const code = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));
const change = (before: ServiceRequest, after: ServiceRequest) => ({
  before,
  after,
  event: statusEvent(after, { zh: '-', en: '-' }, 'system'),
});

export function requestLinesContract(name: string, subjects: () => { readonly requests: RequestRepository }): void {
  describe(name, () => {
    const waiting = async (overrides: Partial<ServiceRequest>): Promise<ServiceRequest> => {
      const request = requestFixture({ trackingCode: code(), status: 'WAITING', ...overrides });
      await subjects().requests.create({ request, events: [], outbox: [] });
      return request;
    };
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 2, minute)).toISOString();

    it('puts the urgent, then the oldest request of a county first, however many wait in lower-coded communities', async () => {
      const serviceCode = `lines-${randomUUID().slice(0, 8)}`;
      // 120 normal requests, older, in 370902001012: more than one page of the line, all ahead by area path.
      for (let i = 0; i < 120; i++) await waiting({ serviceCode, areaId: '370902001012', createdAt: at(0), updatedAt: at(0) });
      const urgent = await waiting({ serviceCode, areaId: '370902003009', urgency: 'urgent', createdAt: at(5), updatedAt: at(5) });
      const line = (await subjects().requests.waiting(serviceCode, '370902', 10)).map((r) => r.id);
      expect(line).toHaveLength(10);
      expect(line[0]).toBe(urgent.id);
      // A street's team: its county's line, only what lies in its street, past the 120 it does not serve.
      const older = await waiting({ serviceCode, areaId: '370902003009', createdAt: at(1), updatedAt: at(1) });
      expect((await subjects().requests.waiting(serviceCode, '370902003', 10)).map((r) => r.id)).toEqual([urgent.id, older.id]);
    });

    it('merges the counties’ lines for a team serving a city: urgent first, then oldest, across counties', async () => {
      const serviceCode = `lines-${randomUUID().slice(0, 8)}`;
      const taishan = await waiting({ serviceCode, areaId: '370902003009', createdAt: at(2), updatedAt: at(2) });
      const daiyueUrgent = await waiting({ serviceCode, areaId: '370911001005', urgency: 'urgent', createdAt: at(9), updatedAt: at(9) });
      const daiyue = await waiting({ serviceCode, areaId: '370911001005', createdAt: at(1), updatedAt: at(1) });
      const feicheng = await waiting({ serviceCode, areaId: '370983001001', createdAt: at(3), updatedAt: at(3) });
      // Another city of the province: outside 3709.
      await waiting({ serviceCode, areaId: '370102001001', urgency: 'urgent', createdAt: at(0), updatedAt: at(0) });
      const line = async (areaId: string, limit: number) =>
        (await subjects().requests.waiting(serviceCode, areaId, limit)).map((r) => r.id);
      expect(await line('3709', 10)).toEqual([daiyueUrgent.id, daiyue.id, taishan.id, feicheng.id]);
      expect(await line('3709', 2)).toEqual([daiyueUrgent.id, daiyue.id]);
      expect(await line('37', 10)).toHaveLength(5);
    });

    it('reads no more than asked of each county, and still puts the urgent, then the oldest first across a province’s cities', async () => {
      const { requests } = subjects();
      const { serviceCode, expected } = await provinceLine(requests);
      const line = async (areaId: string, limit: number) => (await requests.waiting(serviceCode, areaId, limit)).map((r) => r.id);
      for (const limit of [1, 4, 10, 100]) expect(await line('37', limit)).toEqual(expected('37').slice(0, limit));
      expect(await line('3702', 4)).toEqual(expected('3702').slice(0, 4));
      expect(await line('370203', 5)).toEqual(expected('370203').slice(0, 5));
      expect(await line('37', 0)).toEqual([]);
    });

    it('keeps an escalated request’s place in the center’s queue when a hand offer of it ends', async () => {
      const { requests } = subjects();
      const first = await waiting({ createdAt: at(0), updatedAt: at(0) });
      const second = await waiting({ createdAt: at(0), updatedAt: at(0) });
      const escalated = (r: ServiceRequest, minute: number) => ({ ...withStatus(r, 'ESCALATED', at(minute)), escalatedAt: at(minute) });
      const firstUp = escalated(first, 1);
      await requests.changeStatus(change(first, firstUp));
      await requests.changeStatus(change(second, escalated(second, 2)));
      // The center offers the first by hand; the team declines; back to the center later than the second went.
      const offered = withStatus(firstUp, 'OFFERED', at(3));
      await requests.changeStatus(change(firstUp, offered));
      await requests.changeStatus(change(offered, withStatus(offered, 'ESCALATED', at(4))));
      const ours = new Set([first.id, second.id]);
      expect((await requests.escalated(1000)).map((r) => r.id).filter((id) => ours.has(id))).toEqual([first.id, second.id]);
    });
  });
}
