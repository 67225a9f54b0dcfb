import { describe, expect, it } from 'vitest';
import type { RequestFact } from '#shared/domain/request-fact';
import type { FactTally, RollUpProgress } from '#shared/ports/stats-counters';
import { FACT_DAYS } from '#shared/ports/stats-facts';
import { unfoldedDays } from '#shared/use-cases/current-stats';
import { foldStats } from '#shared/use-cases/fold-stats';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { submittedFact } from '../../support/submitted-fact';

/** 2026-12-06 00:30 in Shanghai: the 5th ended half an hour ago. */
const halfPastMidnight = new Date('2026-12-05T16:30:00Z');

const fact = submittedFact;

function harness(
  now: Date,
  progress: RollUpProgress,
  facts: RequestFact[],
  legacyDays: string[] = [],
  unreadable: Record<string, string[]> = {},
) {
  const mem = memoryDeps({ clock: { now: () => now } });
  mem.requests.facts.add(...facts);
  const folds: Array<[string, string[]]> = [];
  const marks: string[] = [];
  const outdated: string[] = [];
  const cleared: Array<Readonly<Record<string, number>>> = [];
  let foldedThrough = progress.foldedThrough;
  const deps = {
    facts: {
      ofDayToFold: async (day: string) => ({ facts: await mem.requests.facts.ofDay(day), unreadable: unreadable[day] ?? [] }),
      adoptLegacy: async () => legacyDays,
    },
    counters: {
      fold: async (day: string, tallies: readonly FactTally[]) => {
        folds.push([day, tallies.map((t) => t.requestId)]);
        return { items: tallies.length };
      },
    },
    rollUps: {
      progress: async () => ({ ...progress, ...(foldedThrough ? { foldedThrough } : {}) }),
      foldedThrough: async (day: string, moved?: { readonly from: string | undefined }) => {
        marks.push(`${day} from ${moved?.from}`);
        foldedThrough = day;
      },
      markOutdated: async (entries: readonly string[]) => void outdated.push(...entries),
      refolded: async (seen: Readonly<Record<string, number>>) => void cleared.push(seen),
    },
    catalog: mem.catalog,
    credits: mem.credits,
    clock: mem.clock,
  };
  return { run: () => foldStats(deps), folds, marks, outdated, cleared };
}

describe('the fold run', () => {
  it('holds a day with a fact that does not parse: folded from the others, not marked, and no day after it folded', async () => {
    const h = harness(
      new Date('2026-12-05T17:30:00Z'),
      { foldedThrough: '2026-12-02', stale: [] },
      [fact('b', '2026-12-03'), fact('c', '2026-12-04'), fact('d', '2026-12-05')],
      [],
      { '2026-12-04': ['FACTS#2026-12-04 x#v0001'] },
    );
    const report = await h.run();
    expect(h.folds).toEqual([
      ['2026-12-03', ['b']],
      ['2026-12-04', ['c']],
    ]);
    expect(h.marks).toEqual(['2026-12-03 from 2026-12-02']);
    expect(report).toMatchObject({ days: ['2026-12-03'], held: { day: '2026-12-04', unreadable: ['FACTS#2026-12-04 x#v0001'] } });
  });

  it('folds each day over for an hour, in order, from the day after the last one folded, and marks each after it', async () => {
    const h = harness(new Date('2026-12-05T17:30:00Z'), { foldedThrough: '2026-12-02', stale: [] }, [
      fact('a', '2026-12-02'),
      fact('b', '2026-12-03'),
      fact('c', '2026-12-05'),
      fact('d', '2026-12-06'),
    ]);
    const report = await h.run();
    expect(h.folds).toEqual([
      ['2026-12-03', ['b']],
      ['2026-12-04', []],
      ['2026-12-05', ['c']],
    ]);
    // Each mark says where the run began: readers take that for a few seconds after.
    expect(h.marks).toEqual(['2026-12-03 from 2026-12-02', '2026-12-04 from 2026-12-02', '2026-12-05 from 2026-12-02']);
    expect(report).toMatchObject({ days: ['2026-12-03', '2026-12-04', '2026-12-05'], facts: 2, items: 2, skipped: 0, refolded: [] });
  });

  it('waits an hour past midnight: a change committed just before it may still be on its way', async () => {
    const h = harness(halfPastMidnight, { foldedThrough: '2026-12-04', stale: [] }, [fact('late', '2026-12-05')]);
    expect((await h.run()).days).toEqual([]);
    expect(h.marks).toEqual([]);
  });

  it('starts a first run where the facts start, and says how many days a long outage left unfolded', async () => {
    const first = harness(new Date('2026-12-05T17:30:00Z'), { stale: [] }, []);
    const days = (await first.run()).days;
    expect(days[0]).toBe('2026-10-28');
    expect(days).toHaveLength(FACT_DAYS - 1);
    const late = harness(new Date('2026-12-05T17:30:00Z'), { foldedThrough: '2026-10-20', stale: [] }, []);
    const report = await late.run();
    expect(report.skipped).toBe(7);
    expect(report.days[0]).toBe('2026-10-28');
  });

  it('folds again a folded day that a fact of the version before stored facts was moved to, and never moves the progress back', async () => {
    const h = harness(
      new Date('2026-12-05T17:30:00Z'),
      { foldedThrough: '2026-12-05', stale: [] },
      [fact('old', '2026-12-01')],
      ['2026-12-01'],
    );
    const report = await h.run();
    expect(h.folds).toEqual([['2026-12-01', ['old']]]);
    expect(report).toMatchObject({ days: [], refolded: ['2026-12-01'] });
    expect(h.marks).toEqual([]);
  });

  it('folds again the days noted on the progress (moved by the relay, or by a run that died before folding them), then clears them as seen', async () => {
    const h = harness(
      new Date('2026-12-05T17:30:00Z'),
      { foldedThrough: '2026-12-03', stale: [], refold: { '2026-12-01': 2, '2026-12-04': 2, '2026-10-01': 1 } },
      [fact('old', '2026-12-01'), fact('new', '2026-12-04')],
    );
    const report = await h.run();
    // The 1st again (folded before); the 4th in order, as any day not folded yet; October's facts are gone.
    expect(h.folds).toEqual([
      ['2026-12-01', ['old']],
      ['2026-12-04', ['new']],
      ['2026-12-05', []],
    ]);
    expect(report.refolded).toEqual(['2026-12-01']);
    expect(h.cleared).toEqual([{ '2026-12-01': 2, '2026-12-04': 2, '2026-10-01': 1 }]);
  });

  it('keeps a noted day not folded yet (a held day stopped the run before it) for the next run', async () => {
    const h = harness(
      new Date('2026-12-05T17:30:00Z'),
      { foldedThrough: '2026-12-02', stale: [], refold: { '2026-12-01': 2, '2026-12-04': 2 } },
      [fact('old', '2026-12-01'), fact('b', '2026-12-03'), fact('new', '2026-12-04')],
      [],
      { '2026-12-03': ['FACTS#2026-12-03 x#v0001'] },
    );
    await h.run();
    expect(h.cleared).toEqual([{ '2026-12-01': 2 }]);
  });
});

describe('a day folded in a month already rolled up', () => {
  it('marks the month of each area its facts count in out of date, so it is rolled up again; later months are left alone', async () => {
    const h = harness(
      new Date('2026-12-05T17:30:00Z'),
      { foldedThrough: '2026-12-05', through: '2026-11', stale: [] },
      [fact('old', '2026-11-30'), fact('new', '2026-12-02')],
      ['2026-11-30', '2026-12-02'],
    );
    await h.run();
    expect(h.outdated).toEqual(['370902003009|2026-11', '370902003|2026-11', '370902|2026-11']);
  });
});

describe('unfoldedDays', () => {
  it('is the days of the period after the last one folded, up to today, and only those whose facts are kept', () => {
    expect(unfoldedDays('2026-11-01', '2026-12-06', '2026-12-04', '2026-12-06')).toEqual(['2026-12-05', '2026-12-06']);
    expect(unfoldedDays('2026-11-01', '2026-11-30', '2026-12-04', '2026-12-06')).toEqual([]);
    expect(unfoldedDays('2026-12-06', '2026-12-31', '2026-12-05', '2026-12-06')).toEqual(['2026-12-06']);
    expect(unfoldedDays('2026-01-01', '2026-12-06', undefined, '2026-12-06')).toHaveLength(FACT_DAYS);
    expect(unfoldedDays('2026-12-06', '2026-12-01', undefined, '2026-12-06')).toEqual([]);
  });
});

describe('a fold run that fails halfway', () => {
  it('has marked each rolled-up month of the days it marked folded out of date before it failed', async () => {
    const mem = memoryDeps({ clock: { now: () => new Date('2026-12-05T17:30:00Z') } });
    mem.requests.facts.add(fact('a', '2026-11-29'), fact('b', '2026-11-30'), fact('c', '2026-12-01'));
    let foldedThrough = '2026-11-28';
    const outdated: string[] = [];
    let failOn: string | undefined = '2026-12-01';
    const deps = {
      facts: {
        ofDayToFold: async (day: string) => ({ facts: await mem.requests.facts.ofDay(day), unreadable: [] }),
        adoptLegacy: async () => [],
      },
      counters: {
        fold: async (day: string) => {
          if (day === failOn) throw new Error('throttled');
          return { items: 1 };
        },
      },
      rollUps: {
        // November was rolled up (by the version before stored facts) before its last days were folded.
        progress: async () => ({ foldedThrough, through: '2026-11', stale: [] }),
        foldedThrough: async (day: string) => void (foldedThrough = day),
        markOutdated: async (entries: readonly string[]) => void outdated.push(...entries),
        refolded: async () => {},
      },
      catalog: mem.catalog,
      credits: mem.credits,
      clock: mem.clock,
    };
    await expect(foldStats(deps)).rejects.toThrow('throttled');
    expect(foldedThrough).toBe('2026-11-30');
    expect(new Set(outdated)).toEqual(new Set(['370902003009|2026-11', '370902003|2026-11', '370902|2026-11']));
    failOn = undefined;
    await foldStats(deps);
    expect(foldedThrough).toBe('2026-12-05');
    expect(outdated.filter((e) => e.endsWith('|2026-12'))).toEqual([]);
  });
});
