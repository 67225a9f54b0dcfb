/**
 * A stored statistics fact that does not parse: the dashboards read its day without it, and the
 * fold holds the day (not marked folded) until the fact is repaired, then counts every fact once.
 * A file of its own: the fold folds every day of the table, and this one holds them.
 */
import { randomInt } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { factItem } from '#shared/adapters/dynamo/stats-facts';
import { factOf, type RequestFact } from '#shared/domain/request-fact';
import { addDays, statsDay } from '#shared/domain/stats-calendar';
import { systemClock } from '#shared/ports/clock';
import { currentStats } from '#shared/use-cases/current-stats';
import { FOLD_GRACE_MS, foldStats } from '#shared/use-cases/fold-stats';
import { statsCounters, statsFacts, statsRollUps } from '#shared/wiring/composition';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { tapOutput } from '../support/output-tap';

const local = useLocalStack({ seed: false });
const db = () => createDocumentClient(local().stack.dynamodb);
const tableName = () => local().stack.tableName;
const put = (item: Record<string, unknown>) => db().send(new PutCommand({ TableName: tableName(), Item: item }));

function fact(areaId: string, day: string): RequestFact {
  const at = new Date(`${day}T12:00:00+08:00`).toISOString();
  return { ...factOf(undefined, requestFixture({ areaId, createdAt: at, updatedAt: at })), at };
}

describe('a stored fact that does not parse', () => {
  it('is left out of its day on the dashboards, holds the fold at its day until repaired, and is then counted once', async () => {
    const facts = statsFacts(tableName(), db());
    const counters = statsCounters(tableName(), db());
    const rollUps = statsRollUps(tableName(), db());
    const { catalog, credits } = local().adapters;
    const area = `41${randomInt(1000, 9900)}001001`;
    // Two days before the last day the fold may fold now (over for FOLD_GRACE_MS): both days are foldable, even in the hour after midnight.
    const day = addDays(statsDay(new Date(Date.now() - FOLD_GRACE_MS)), -2);
    const damaged = fact(area, day);
    for (const f of [fact(area, day), fact(area, day), fact(area, addDays(day, 1))]) await put(factItem(f));
    await put({ ...factItem(damaged), body: { ...damaged, to: 'LOST' } });
    const key = `FACTS#${day} ${area}#${damaged.requestId}#v0001`;
    // A reader of its own each time: one keeps what it read for a few seconds (`READ_AGAIN_MS`).
    const requestsOn = async () =>
      Object.fromEntries(
        (
          await currentStats({ facts, counters, rollUps, catalog, credits, clock: systemClock }).serviceDays(area, day, addDays(day, 1))
        ).map((r) => [r.day, r.counts.requests]),
      );

    const tap = tapOutput();
    try {
      expect(await requestsOn()).toEqual({ [day]: 2, [addDays(day, 1)]: 1 });
      expect(tap.text()).toContain(`statistics fact does not parse pk=FACTS#${day} sk=${area}#${damaged.requestId}#v0001`);
    } finally {
      tap.stop();
    }

    // Held at its day, run after run: the days before marked folded, it and those after not.
    for (let run = 0; run < 2; run++) {
      const report = await foldStats({ facts, counters, rollUps, catalog, credits, clock: systemClock });
      expect(report.held).toEqual({ day, unreadable: [key] });
      expect(report.days).not.toContain(day);
      expect((await rollUps.progress()).foldedThrough).toBe(addDays(day, -1));
      expect(await requestsOn()).toEqual({ [day]: 2, [addDays(day, 1)]: 1 });
    }

    // The operator repairs it (docs/operations.md): the next run folds the day and those after, each fact once.
    await put(factItem(damaged));
    const report = await foldStats({ facts, counters, rollUps, catalog, credits, clock: systemClock });
    expect(report.held).toBeUndefined();
    expect(report.days).toEqual(expect.arrayContaining([day, addDays(day, 1)]));
    expect((await rollUps.progress()).foldedThrough! >= addDays(day, 1)).toBe(true);
    expect(await requestsOn()).toEqual({ [day]: 3, [addDays(day, 1)]: 1 });
    await foldStats({ facts, counters, rollUps, catalog, credits, clock: systemClock });
    expect(await requestsOn()).toEqual({ [day]: 3, [addDays(day, 1)]: 1 });
  });
});
