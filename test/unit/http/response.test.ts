import { describe, expect, it } from 'vitest';
import { toApiResult, type HttpResult } from '#shared/http/response';

const results: Record<string, HttpResult> = {
  json: { status: 200, json: { ok: true } },
  page: { status: 200, html: '<p>ok</p>' },
  download: { status: 200, html: 'a,b\r\n', headers: { 'content-type': 'text/csv; charset=utf-8' } },
  redirect: { status: 303, redirect: 'https://api.example/requests/x' },
  error: { status: 404, json: { error: { code: 'NOT_FOUND', message: 'Request not found' } } },
};

describe('every answer a handler gives', () => {
  it.each(Object.entries(results))('%s: carries HSTS and the other security headers', (_kind, result) => {
    const headers = toApiResult(result, 'corr-12345678').headers ?? {};
    expect(headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
      'x-correlation-id': 'corr-12345678',
    });
  });
});
