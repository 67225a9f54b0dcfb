import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { parseRating } from '#shared/domain/resident-feedback';
import { calendarDay, cleanText, parseOrThrow } from '#shared/domain/validation';

const schema = z.strictObject({ points: z.number().int().positive(), item: z.string().min(1), note: z.string().optional() });
const fields = (input: unknown) => {
  try {
    parseOrThrow(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
  }
  throw new Error('accepted');
};

describe('parseOrThrow', () => {
  it('names a missing field as required, and a field of the wrong type as such', () => {
    expect(fields({ points: '2' })).toEqual([
      { field: 'points', message: 'Invalid input: expected number, received string' },
      { field: 'item', message: 'Required' },
    ]);
  });

  it('names unknown fields and prefixes nested paths; the value itself never enters a message', () => {
    const issues = fields({ points: 1, item: '13912345678', colour: 'red', note: 13912345678 });
    expect(issues).toEqual([
      { field: 'note', message: 'Invalid input: expected string, received number' },
      { field: 'colour', message: 'Unknown field' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('13912345678');
  });
});

describe('calendarDay', () => {
  const dayFields = (from: string) => {
    try {
      parseOrThrow(z.strictObject({ from: calendarDay() }), { from });
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
    return [];
  };

  it('names the field of a malformed or impossible day, and never throws anything else', () => {
    for (const bad of ['2024-01', 'x', '', '2024-1-01', '９９９９-01-01'])
      expect(dayFields(bad), bad).toEqual([{ field: 'from', message: 'A date, YYYY-MM-DD' }]);
    expect(dayFields('2026-02-30')).toEqual([{ field: 'from', message: 'Not a date' }]);
    // Periods are walked day by day: a year off this century would walk for ever or off the calendar.
    for (const far of ['0999-01-01', '1999-12-31', '2100-01-01', '9999-12-31'])
      expect(dayFields(far), far).toEqual([{ field: 'from', message: 'A date from 2000 to 2099' }]);
    expect(dayFields('2026-12-06')).toEqual([]);
  });
});

describe('multi-line free text', () => {
  it('keeps each line break as one LF, as a textarea counts it, so a form-sent CRLF comment of 500 fits', () => {
    expect(cleanText('a\r\nb\rc\nd', true)).toBe('a\nb\nc\nd');
    expect(cleanText('a\r\nb', false)).toBe('a  b');
    // 50 lines: 499 characters as the browser counts them, 548 as sent with CRLF.
    const typed = Array.from({ length: 50 }, () => '修好了收音机，谢谢').join('\r\n');
    expect(typed.replace(/\r\n/g, '\n')).toHaveLength(499);
    expect(parseRating({ stars: '5', comment: typed }).comment).toBe(typed.replace(/\r\n/g, '\n'));
  });
});
