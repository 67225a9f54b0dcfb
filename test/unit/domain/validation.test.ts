import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { parseOrThrow } from '#shared/domain/validation';

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
