import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { parseRating } from '#shared/domain/resident-feedback';
import { calendarDay, cleanText, illFormedPath, parseOrThrow, plainText } from '#shared/domain/validation';

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

describe('text that is not well formed', () => {
  const named = z.strictObject({ name: plainText().check(z.trim(), z.minLength(1)) });
  const issues = (name: string) => {
    try {
      parseOrThrow(named, { name });
      return [];
    } catch (error) {
      return (error as ValidationError).issues;
    }
  };

  it('refuses a lone surrogate in free text, naming the field, and keeps a pair (an emoji)', () => {
    for (const name of ['\ud800', 'a\udc00b', '王\ud83d'])
      expect(issues(name)).toEqual([{ field: 'name', message: 'Contains a character that cannot be shown' }]);
    expect(issues('王秀兰😀')).toEqual([]);
  });

  it('finds one in any key or value of a parsed body, ids too', () => {
    expect(illFormedPath({ hours: [{ volunteer: 'ok', minutes: 1 }, { volunteer: 'a\ud800b' }] })).toBe('hours.1.volunteer');
    expect(illFormedPath({ teamId: '\udfff', version: 2 })).toBe('teamId');
    expect(illFormedPath({ 'x\ud800': 1 })).toBe('x\ud800');
    expect(illFormedPath('\ud800')).toBe('');
    expect(illFormedPath({ name: '王秀兰😀', list: [1, null, { a: 'b' }] })).toBeUndefined();
  });
});
