import { describe, expect, it } from 'vitest';
import { certificateNumber, formatHours, maskName, normalizeCertificateNumber, parseCertificateRequest } from '#shared/domain/certificate';
import { ValidationError } from '#shared/domain/errors';

const fieldsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
};

describe('certificates', () => {
  const body = {
    from: '2026-01-01',
    to: '2026-06-30',
    organization: '泰安市新时代文明实践中心',
    personInCharge: '李主任',
    contact: '0538-1234567',
  };

  it('take a period that ends by today and starts before it ends, naming the field otherwise', () => {
    expect(parseCertificateRequest(body, '2026-12-05')).toEqual(body);
    expect(fieldsOf(() => parseCertificateRequest({ ...body, to: '2026-12-06' }, '2026-12-05'))).toEqual(['to']);
    expect(fieldsOf(() => parseCertificateRequest({ ...body, from: '2026-07-01' }, '2026-12-05'))).toEqual(['to']);
    expect(fieldsOf(() => parseCertificateRequest({ ...body, from: '2026-02-30' }, '2026-12-05'))).toEqual(['from']);
    expect(fieldsOf(() => parseCertificateRequest({ ...body, organization: '' }, '2026-12-05'))).toEqual(['organization']);
  });

  it('are numbered with a check part, and found again however the number is typed', () => {
    const number = certificateNumber('2026', 17, new Uint8Array([0, 9, 10, 33]));
    expect(number).toBe('2026-000017-09AZ');
    expect(normalizeCertificateNumber(' 2026-000017-09az ')).toBe(number);
    expect(normalizeCertificateNumber('2026-17-09AZ')).toBeUndefined();
    expect(normalizeCertificateNumber('../admin')).toBeUndefined();
  });

  it('show the name masked and hours without float noise', () => {
    expect(['王小明', '王明', '欧阳小明', '王'].map(maskName)).toEqual(['王*明', '王*', '欧**明', '*']);
    expect([2.5, 0.1 + 0.2, 10, 1 / 3].map(formatHours)).toEqual(['2.5', '0.3', '10', '0.33']);
  });
});
