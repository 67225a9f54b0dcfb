import { describe, expect, it } from 'vitest';
import { MAX_ACCEPT_MINUTES } from '#shared/domain/catalog';
import { acceptanceDeadline, addMinutes } from '#shared/domain/dispatch-policy';
import { serviceHoursEnd } from '#shared/domain/service-hours';

/** A Beijing wall-clock time (`2026-12-11 22:00`) as an instant. */
const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const repair = { kind: 'menu' as const };

describe('service hours (08:00–20:00 Beijing, not on the team’s days off)', () => {
  it('counts a window opened by day in clock time, up to 20:00 exactly', () => {
    expect(serviceHoursEnd(bj('2026-12-11 10:00'), 240)).toBe(bj('2026-12-11 14:00'));
    expect(serviceHoursEnd(bj('2026-12-11 16:00'), 240)).toBe(bj('2026-12-11 20:00'));
  });

  it('carries what is left at 20:00 over to 08:00 the next day, and starts a night offer at 08:00', () => {
    expect(serviceHoursEnd(bj('2026-12-11 18:00'), 240)).toBe(bj('2026-12-12 10:00'));
    expect(serviceHoursEnd(bj('2026-12-11 22:00'), 240)).toBe(bj('2026-12-12 12:00'));
    expect(serviceHoursEnd(bj('2026-12-12 03:00'), 240)).toBe(bj('2026-12-12 12:00'));
  });

  it('skips the team’s days off, so an offer at 23:50 before one is due the day after it', () => {
    expect(serviceHoursEnd(bj('2026-12-11 23:50'), 240, ['2026-12-12'])).toBe(bj('2026-12-13 12:00'));
    expect(serviceHoursEnd(bj('2026-12-11 18:00'), 240, ['2026-12-12', '2026-12-13'])).toBe(bj('2026-12-14 10:00'));
  });

  it('spreads a long window over service days: a wish’s 24 hours are two of them', () => {
    expect(serviceHoursEnd(bj('2026-12-11 08:00'), 24 * 60)).toBe(bj('2026-12-12 20:00'));
  });
});

describe('the acceptance deadline of an offer', () => {
  it('is counted in service hours for a normal offer and in clock time for an urgent one', () => {
    expect(acceptanceDeadline('normal', repair, bj('2026-12-11 22:00'))).toBe(bj('2026-12-12 12:00'));
    expect(acceptanceDeadline('urgent', repair, bj('2026-12-11 22:00'))).toBe(bj('2026-12-11 22:30'));
    expect(acceptanceDeadline('urgent', repair, bj('2026-12-11 23:50'), ['2026-12-12'])).toBe(bj('2026-12-12 00:20'));
  });

  it('is never more than a week of clock time on, however many days off the team has', () => {
    const at = bj('2027-02-04 21:00');
    const holiday = Array.from({ length: 30 }, (_, i) => addMinutes('2027-02-05T12:00:00+08:00', i * 1440).slice(0, 10));
    expect(acceptanceDeadline('normal', repair, at, holiday)).toBe(addMinutes(at, MAX_ACCEPT_MINUTES));
  });
});
