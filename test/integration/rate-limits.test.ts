import { beforeEach, describe, expect, it } from 'vitest';
import { defaultIntakeLimits, intakePhoneKey } from '#shared/use-cases/admit-submission';
import { insideOneWindow } from '../support/fixed-windows';
import { postForm, postJson, validFormFields, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ realLimits: true });
const phone = (i: number) => `1390000${String(i).padStart(4, '0')}`;

// Each test runs inside one window of every limit (test/support/fixed-windows.ts).
const TEST_MS = 30_000;
beforeEach(
  () =>
    insideOneWindow(
      Object.values(defaultIntakeLimits).map((l) => l.windowSeconds),
      TEST_MS,
    ),
  TEST_MS + 30_000,
);

describe('abuse limits on POST /requests', () => {
  it(
    'answers 429 with Retry-After to the sixth request of one phone in an hour, and stores nothing for it',
    async () => {
      const { url, adapters } = local();
      const results = [];
      for (let i = 0; i < defaultIntakeLimits.perPhone.limit + 1; i++)
        results.push(await postJson(`${url}/requests`, validSubmission({ phone: '13700009999' })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429]);
      const limited = results.at(-1)!;
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
      const page = await postForm(`${url}/requests`, validFormFields({ phone: '13700009999' }));
      // The form comes back filled in, saying when to send it again.
      expect(page.status).toBe(429);
      expect(page.text).toMatch(/请 \d+ 分钟后再点“提交需求”/);
      expect(page.text).toContain(`>${validSubmission().description}</textarea>`);
      const listed = await adapters.requests.listCreated('370902', new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7), '370902');
      expect(listed.filter((r) => r.contact.phone === '+8613700009999')).toHaveLength(5);
      // Counted under the phone's keyed hash (review 47), which gives no number back without the identity key.
      const { windowSeconds } = defaultIntakeLimits.perPhone;
      const key = intakePhoneKey(await adapters.signingKeys.identityKey(), '+8613700009999');
      expect(await adapters.limiter.counted(key, windowSeconds, new Date())).toBe(5);
    },
    TEST_MS,
  );

  it(
    'answers 429 to one client address beyond its limit, whatever the phones, even when they arrive at once',
    async () => {
      const { url } = local();
      const { limit } = defaultIntakeLimits.perAddress;
      // The first test already used six of this address's window; it may share the window.
      const statuses = (
        await Promise.all(Array.from({ length: limit + 5 }, (_, i) => postJson(`${url}/requests`, validSubmission({ phone: phone(i) }))))
      ).map((r) => r.status);
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(limit);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
      expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    },
    TEST_MS,
  );

  it(
    'answers 429 to one address guessing tracking codes beyond its lookups per window',
    async () => {
      const { url } = local();
      const { limit } = defaultIntakeLimits.lookupsPerAddress;
      const statuses: number[] = [];
      for (let i = 0; i <= limit; i++)
        // A code each: the limit per tracking code stays out of it.
        statuses.push((await postJson(`${url}/lookup`, { code: String(12345600 + i), phone4: '1000' })).status);
      expect(statuses.slice(0, limit).every((s) => s === 404)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    },
    TEST_MS,
  );
});
