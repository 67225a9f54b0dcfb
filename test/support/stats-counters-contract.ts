/**
 * What every StatsCounters does, checked on the DynamoDB adapter on DynamoDB Local
 * (integration) and on the in-memory one (unit). Each check counts in areas of its own.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Outbox } from '#shared/ports/outbox';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { FactTally, StatsCounters } from '#shared/ports/stats-counters';
import { requestFixture } from './fixtures';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function tally(requestId: string, version: number, day: string, areaIds: readonly string[], overrides: Partial<FactTally> = {}): FactTally {
  return {
    requestId,
    version,
    day,
    areaIds,
    serviceCode: 'appliance-repair',
    counts: { requests: 1 },
    settles: `fact-v${version}`,
    ...overrides,
  };
}

const byDay = <T extends { day: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.day.localeCompare(b.day));

export interface StatsContractSubjects {
  readonly counters: StatsCounters;
  /** Where a fact's outbox message waits until it is counted. */
  readonly requests: RequestRepository;
  readonly outbox: Outbox;
}

export function statsCountersContract(name: string, subjects: () => StatsContractSubjects): void {
  describe(name, () => {
    it('adds each fact once, however often it comes, and sums the counts of an area, service and day', async () => {
      const { counters } = subjects();
      const [city, district] = [unique('contract-city'), unique('contract-district')];
      const areas = [city, `${city}.${district}`];
      const [r1, r2] = [unique('r'), unique('r')];
      const first = [
        tally(r1, 1, '2026-11-29', areas),
        tally(r1, 2, '2026-11-29', areas, { counts: { offers: 1 }, team: { teamId: 't1', counts: { offers: 1 } } }),
      ];
      expect(await counters.add(first)).toEqual({ added: 2, duplicates: 0 });
      const second = tally(r2, 1, '2026-11-29', areas, {
        counts: { requests: 1, offers: 2 },
        team: { teamId: 't1', counts: { accepted: 1 } },
      });
      // A fact's copies are the same fact: the relay's copy may come in the same batch.
      const again = [...first, second, { ...second }];
      expect(await counters.add(again)).toEqual({ added: 1, duplicates: 3 });

      for (const areaId of areas) {
        expect(await counters.serviceDays(areaId, '2026-11-29', '2026-11-29')).toEqual([
          { day: '2026-11-29', serviceCode: 'appliance-repair', counts: { requests: 2, offers: 3 } },
        ]);
        expect(await counters.teamDays(areaId, '2026-11-29', '2026-11-29')).toEqual([
          { day: '2026-11-29', teamId: 't1', counts: { offers: 1, accepted: 1 } },
        ]);
      }
    });

    it('reads the days from … to, both included, and nothing of other areas', async () => {
      const { counters } = subjects();
      const [area, other] = [unique('contract-area'), unique('contract-area')];
      const days = ['2026-10-31', '2026-11-01', '2026-11-15', '2026-11-30', '2026-12-01'];
      await counters.add(days.map((day, i) => tally(unique('r'), i + 1, day, [area])));
      await counters.add([tally(unique('r'), 1, '2026-11-15', [other], { serviceCode: 'legal-consultation' })]);
      const read = byDay(await counters.serviceDays(area, '2026-11-01', '2026-11-30'));
      expect(read.map((r) => r.day)).toEqual(['2026-11-01', '2026-11-15', '2026-11-30']);
      expect(read.every((r) => r.serviceCode === 'appliance-repair' && r.counts.requests === 1)).toBe(true);
      expect(await counters.teamDays(area, '2026-11-01', '2026-11-30')).toEqual([]);
    });

    it('removes each fact’s outbox message with its count', async () => {
      const { counters, requests, outbox } = subjects();
      const request = requestFixture();
      const dueAt = new Date(Date.now() - 60_000).toISOString();
      const message = { id: unique('fact'), requestId: request.id, queue: 'stats' as const, body: {}, dueAt };
      await requests.create({ request, events: [], outbox: [message] });
      const waiting = async () => (await outbox.due(new Date().toISOString(), 1000)).filter((m) => m.id === message.id).length;
      expect(await waiting()).toBe(1);
      // A version of its own: the stack's own consumer may count the request's first fact meanwhile.
      await counters.add([tally(request.id, 99, '2026-11-29', [unique('contract-area')], { settles: message.id })]);
      expect(await waiting()).toBe(0);
    });

    it('keeps a counted fact out of the relay even when the relay reschedules the copy it just sent', async () => {
      const { counters, requests, outbox } = subjects();
      const request = requestFixture();
      const message = {
        id: unique('fact'),
        requestId: request.id,
        queue: 'stats' as const,
        body: {},
        dueAt: new Date(Date.now() - 60_000).toISOString(),
      };
      await requests.create({ request, events: [], outbox: [message] });
      const [sent] = (await outbox.due(new Date().toISOString(), 1000)).filter((m) => m.id === message.id);
      const fact = tally(request.id, 99, '2026-11-29', [unique('contract-area')], { settles: message.id });
      // The relay sent it (its copy is on the way) and the consumer counts it before the relay moves its due time.
      await counters.add([fact]);
      await outbox.reschedule(sent!, new Date(Date.now() - 1000).toISOString());
      expect((await outbox.due(new Date(Date.now() + 86_400_000).toISOString(), 1000)).filter((m) => m.id === message.id)).toEqual([]);
      expect(await counters.add([fact])).toEqual({ added: 0, duplicates: 1 });
    });
  });
}
