import { describe, expect, it } from 'vitest';
import { parseAttributes } from '#shared/domain/attributes';
import type { Service } from '#shared/domain/catalog';
import { maskName, maskPhone, normalizePhone } from '#shared/domain/contact';
import { ValidationError } from '#shared/domain/errors';
import { parseSubmission } from '#shared/domain/submission';

const valid = {
  serviceCode: 'appliance-repair',
  areaId: '370902003009',
  description: '饮水机不出水',
  contactName: '李桂英',
  phone: '139 1234 5678',
  address: '3号楼',
};

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.field).sort();
    throw error;
  }
  throw new Error('no ValidationError');
}

describe('parseSubmission', () => {
  it('normalizes the phone number and defaults urgency and attributes', () => {
    expect(parseSubmission(valid)).toEqual({ ...valid, phone: '+8613912345678', urgency: 'normal', attributes: {} });
  });

  it('treats empty optional form fields as absent', () => {
    expect(parseSubmission({ ...valid, urgency: '', preferredTime: '  ' }).preferredTime).toBeUndefined();
  });

  it('names every bad and every unknown field', () => {
    expect(fieldsOf(() => parseSubmission({ ...valid, phone: '110', urgency: 'now', description: 'x'.repeat(2001), extra: 1 }))).toEqual([
      'description',
      'extra',
      'phone',
      'urgency',
    ]);
    expect(fieldsOf(() => parseSubmission({}))).toEqual(['address', 'areaId', 'contactName', 'description', 'phone', 'serviceCode']);
  });

  it('accepts up to 2,000 characters of description', () => {
    expect(parseSubmission({ ...valid, description: '修'.repeat(2000) }).description).toHaveLength(2000);
  });
});

describe('phone numbers and masking', () => {
  it('accepts mainland mobiles and E.164 numbers, and refuses the rest', () => {
    expect(normalizePhone('13812345678')).toBe('+8613812345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('+8613812345678');
    expect(normalizePhone('+85291234567')).toBe('+85291234567');
    expect(normalizePhone('+8612345')).toBeUndefined();
    expect(normalizePhone('23812345678')).toBeUndefined();
    expect(normalizePhone('0538-1234567')).toBeUndefined();
    // As a Chinese keyboard's full-width mode types them.
    expect(normalizePhone('１３８　１２３４－５６７８')).toBe('+8613812345678');
    expect(normalizePhone('＋８６１３８１２３４５６７８')).toBe('+8613812345678');
  });

  it('masks names and phones', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('+85291234567')).toBe('****4567');
    expect(maskName('欧阳慧敏')).toBe('欧***');
    expect(maskName('李')).toBe('李*');
  });
});

describe('parseAttributes', () => {
  const service = {
    fields: [
      {
        code: 'kind',
        label: { zh: '类', en: 'k' },
        type: 'singlevaluelist',
        required: true,
        options: [{ key: 'tv', name: { zh: '电视', en: 'TV' } }],
      },
      { code: 'age', label: { zh: '岁', en: 'a' }, type: 'number', required: false },
      { code: 'alone', label: { zh: '独', en: 'l' }, type: 'boolean', required: false },
    ],
  } as unknown as Service;

  it('coerces form strings to the declared types and drops blanks', () => {
    expect(parseAttributes(service, { kind: 'tv', age: '81', alone: 'true' })).toEqual({ kind: 'tv', age: 81, alone: true });
    expect(parseAttributes(service, { kind: 'tv', age: '' })).toEqual({ kind: 'tv' });
  });

  it('names missing, invalid and unknown attributes', () => {
    expect(fieldsOf(() => parseAttributes(service, { age: 'old', colour: 'red' }))).toEqual([
      'attributes.age',
      'attributes.colour',
      'attributes.kind',
    ]);
    expect(fieldsOf(() => parseAttributes(service, { kind: 'radio' }))).toEqual(['attributes.kind']);
  });

  it('refuses a number the table could not store as given (past 2^53, or one that underflows), naming it', () => {
    for (const age of ['1e200', '9007199254740993', '-1e13', '1e-200', '12.3456789'])
      expect(
        fieldsOf(() => parseAttributes(service, { kind: 'tv', age })),
        age,
      ).toEqual(['attributes.age']);
    expect(parseAttributes(service, { kind: 'tv', age: '0' })).toEqual({ kind: 'tv', age: 0 });
    expect(parseAttributes(service, { kind: 'tv', age: '12.5' })).toEqual({ kind: 'tv', age: 12.5 });
    expect(parseAttributes(service, { kind: 'tv', age: '0.1' })).toEqual({ kind: 'tv', age: 0.1 });
    expect(parseAttributes(service, { kind: 'tv', age: '99999.123456' })).toEqual({ kind: 'tv', age: 99999.123456 });
    expect(parseAttributes(service, { kind: 'tv', age: '17000000.1' })).toEqual({ kind: 'tv', age: 17000000.1 });
  });

  it('refuses a number below zero (ages, sizes, counts), reads full-width digits, and takes a date and time with a space', () => {
    expect(fieldsOf(() => parseAttributes(service, { kind: 'tv', age: '-3' }))).toEqual(['attributes.age']);
    expect(parseAttributes(service, { kind: 'tv', age: '８１' })).toEqual({ kind: 'tv', age: 81 });
    const timed = {
      ...service,
      fields: [{ code: 'at', label: { zh: '时', en: 't' }, type: 'datetime', required: true }],
    } as unknown as Service;
    expect(parseAttributes(timed, { at: '2025-03-01 09:00' })).toEqual({ at: '2025-03-01T09:00' });
    expect(parseAttributes(timed, { at: '2025-03-01T09:00' })).toEqual({ at: '2025-03-01T09:00' });
    expect(fieldsOf(() => parseAttributes(timed, { at: '2025-03-01 9点' }))).toEqual(['attributes.at']);
  });

  it('keeps a date and time as Beijing time: one with a zone moved to Beijing’s clock, seconds or not', () => {
    const timed = {
      ...service,
      fields: [{ code: 'at', label: { zh: '时', en: 't' }, type: 'datetime', required: true }],
    } as unknown as Service;
    const at = (value: string) => parseAttributes(timed, { at: value }).at;
    expect(at('2026-12-08T01:00:00Z')).toBe('2026-12-08T09:00');
    expect(at('2026-12-08T01:00:00.000+00:00')).toBe('2026-12-08T09:00');
    expect(at('2026-12-08T09:00+08:00')).toBe('2026-12-08T09:00');
    expect(at('2026-12-31T16:30Z')).toBe('2027-01-01T00:30');
    expect(at('2026-12-07T20:00:30-0500')).toBe('2026-12-08T09:00:30');
    // Without a zone it is Beijing time already, as the form's datetime-local input sends it.
    expect(at('2026-12-08T09:00')).toBe('2026-12-08T09:00');
    expect(at('2026-12-08T09:00:15')).toBe('2026-12-08T09:00:15');
    for (const bad of ['2026-02-30T09:00Z', '2026-12-08T25:00Z', '2026-12-08T09:00+15:00', '2026-12-08T09:00+08:60', '2026-12-08Z'])
      expect(
        fieldsOf(() => parseAttributes(timed, { at: bad })),
        bad,
      ).toEqual(['attributes.at']);
  });
});
