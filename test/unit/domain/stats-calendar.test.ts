import { describe, expect, it } from 'vitest';
import { addMonths, daysOfMonth, wholeMonthsOf } from '#shared/domain/stats-calendar';

describe('the statistics calendar', () => {
  it('moves months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-05', -13)).toBe('2025-04');
  });

  it('knows the last day of a month, leap Februaries included', () => {
    expect(daysOfMonth('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(daysOfMonth('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(daysOfMonth('2026-12').to).toBe('2026-12-31');
  });

  it('cuts a period into whole months and the days at its edges', () => {
    expect(wholeMonthsOf('2025-12-06', '2026-12-05')).toEqual({
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'],
      before: { from: '2025-12-06', to: '2025-12-31' },
      after: { from: '2026-12-01', to: '2026-12-05' },
    });
    expect(wholeMonthsOf('2026-11-01', '2026-11-30')).toEqual({ months: ['2026-11'] });
    expect(wholeMonthsOf('2026-11-02', '2026-11-30')).toEqual({ months: [], before: { from: '2026-11-02', to: '2026-11-30' } });
    expect(wholeMonthsOf('2026-10-15', '2026-11-14')).toEqual({ months: [], before: { from: '2026-10-15', to: '2026-11-14' } });
    expect(wholeMonthsOf('2026-10-01', '2026-11-14')).toEqual({ months: ['2026-10'], after: { from: '2026-11-01', to: '2026-11-14' } });
  });
});
