import { describe, expect, it } from 'vitest';
import { afterQuietHours, answerTo, defaultBehaviour } from '../../../sim/behaviour';
import { Random } from '../../../sim/random';
import { nextHourOf } from '../../../sim/simulation';

const shanghai = (local: string) => Date.parse(`${local}+08:00`);

describe('team behaviour', () => {
  it('answers nothing in the quiet hours: an answer due then waits for 07:00', () => {
    const quiet = [22, 7] as const;
    expect(afterQuietHours(shanghai('2026-03-02T22:30:00'), quiet)).toBe(shanghai('2026-03-03T07:00:00'));
    expect(afterQuietHours(shanghai('2026-03-03T06:59:00'), quiet)).toBe(shanghai('2026-03-03T07:00:00'));
    expect(afterQuietHours(shanghai('2026-03-03T12:00:00'), quiet)).toBe(shanghai('2026-03-03T12:00:00'));
    expect(afterQuietHours(shanghai('2026-03-03T23:00:00'), undefined)).toBe(shanghai('2026-03-03T23:00:00'));
  });

  it('accepts, declines and ignores in the given shares', () => {
    const random = new Random(2);
    const at = shanghai('2026-03-03T10:00:00');
    const counts = { accept: 0, decline: 0, ignore: 0 };
    for (let i = 0; i < 20_000; i++) counts[answerTo(random, defaultBehaviour, at, at + 240 * 60_000).kind]++;
    expect(counts.accept / 20_000).toBeCloseTo(0.75, 1);
    expect(counts.decline / 20_000).toBeCloseTo(0.15, 1);
    expect(counts.ignore / 20_000).toBeCloseTo(0.1, 1);
  });

  it('finds the center rounds on the Shanghai clock', () => {
    expect(nextHourOf(shanghai('2026-03-03T08:00:00'), [9, 14])).toBe(shanghai('2026-03-03T09:00:00'));
    expect(nextHourOf(shanghai('2026-03-03T09:00:00'), [9, 14])).toBe(shanghai('2026-03-03T09:00:00'));
    expect(nextHourOf(shanghai('2026-03-03T15:00:00'), [14, 9])).toBe(shanghai('2026-03-04T09:00:00'));
    expect(nextHourOf(shanghai('2026-03-03T15:00:00'), [])).toBeUndefined();
  });
});
