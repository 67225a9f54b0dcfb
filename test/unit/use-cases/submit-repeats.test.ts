import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { RateLimitedError } from '#shared/domain/errors';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { admitSubmission, defaultIntakeLimits } from '#shared/use-cases/admit-submission';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { submitRequest, WEB_REPEAT_WINDOW_MINUTES, type SentBefore, type SubmitRequestResult } from '#shared/use-cases/submit-request';
import { KEDA } from '../../support/fixtures';

const submission = (description = '收音机没有声音了') =>
  parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description,
    contactName: '王秀兰',
    phone: '13912345678',
    address: '3号楼',
    attributes: { applianceType: 'radio' },
  });

let mem: MemoryDeps;
let now: Date;

beforeEach(() => {
  now = new Date('2026-11-29T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

const limits = () => ({
  clock: mem.clock,
  signingKeys: mem.signingKeys,
  limiter: Object.assign(mem.limiter, { intakeLimits: async () => defaultIntakeLimits, setIntakeLimits: async () => {} }),
});
const admit = () => admitSubmission(limits(), '1.2.3.4', submission().phone);

/** The order form sent from `client` (the resident's address unless said). */
const fromForm = (formKey: string, more: { client?: string; description?: string; admit?: typeof admit } = {}) =>
  submitRequest(mem, {
    submission: submission(more.description),
    channel: 'web',
    formKey,
    client: more.client ?? '203.0.113.7',
    ...(more.admit ? { admit: more.admit } : {}),
  });

/** A full answer (the access token with it), failing the test on a code-only one. */
function full(result: SubmitRequestResult | SentBefore): SubmitRequestResult {
  if (!('submitted' in result)) throw new Error(`expected the full answer, got ${JSON.stringify(result)}`);
  return result;
}

describe('the order form sent again (web)', () => {
  it('answers back-and-send-again (a new form key, the same content, the same address) with the first request', async () => {
    const first = full(await fromForm('form-key-one'));
    now = new Date(now.getTime() + 10 * 60_000);
    const again = await fromForm('form-key-two');
    expect(again).toEqual({ submitted: first.submitted, created: false, queued: true });
    expect(mem.requests.requests.size).toBe(1);
  });

  it('answers the same content from another address with the tracking code only: the access token went to its sender', async () => {
    const first = full(await fromForm('form-key-one'));
    const elsewhere = await fromForm('someone-else-key', { client: '198.51.100.9' });
    expect(elsewhere).toEqual({
      sentBefore: { id: first.submitted.id, trackingCode: first.submitted.trackingCode },
      created: false,
      queued: true,
    });
    expect(JSON.stringify(elsewhere)).not.toContain(first.submitted.accessToken);
    // Without an address (none known) it is no one's: the code only. The first form's own key replays in full from anywhere.
    expect(await submitRequest(mem, { submission: submission(), channel: 'web', formKey: 'key-three' })).toHaveProperty('sentBefore');
    expect(await fromForm('form-key-one', { client: '198.51.100.9' })).toEqual({
      submitted: first.submitted,
      created: false,
      queued: true,
    });
    expect(mem.requests.requests.size).toBe(1);
  });

  it('makes a new request for the same content after the window, for other content, and from an API client', async () => {
    await fromForm('form-key-one');
    const other = await fromForm('form-key-two', { description: '收音机又坏了' });
    const api = await submitRequest(mem, { submission: submission(), channel: 'api' });
    now = new Date(now.getTime() + (WEB_REPEAT_WINDOW_MINUTES + 1) * 60_000);
    const later = await fromForm('form-key-three');
    expect([other.created, api.created, later.created]).toEqual([true, true, true]);
    expect(mem.requests.requests.size).toBe(4);
  });

  it('makes one request of two forms sent at once with the same content, the token only to the same address', async () => {
    const [a, b] = await Promise.all(['form-key-one', 'form-key-two'].map((formKey) => fromForm(formKey)));
    expect(mem.requests.requests.size).toBe(1);
    expect(full(a!).submitted).toEqual(full(b!).submitted);
    expect([a!.created, b!.created].sort()).toEqual([false, true]);

    const [c, d] = await Promise.all([
      fromForm('key-c', { description: '电视没有图像', client: '203.0.113.7' }),
      fromForm('key-d', { description: '电视没有图像', client: '198.51.100.9' }),
    ]);
    const made = [c!, d!].find((r) => r.created);
    const other = [c!, d!].find((r) => !r.created);
    expect(made && other && full(made).submitted.id).toBe(other && 'sentBefore' in other ? other.sentBefore.id : 'a code-only answer');
  });

  it('makes a new request of the same content ordered again after the first was cancelled, one for two sent at once', async () => {
    const first = full(await fromForm('form-key-one'));
    now = new Date(now.getTime() + 2 * 60_000);
    await cancelRequest(mem, first.submitted.id, first.submitted.accessToken);
    now = new Date(now.getTime() + 3 * 60_000);
    // The cancelled request's own form sent again still shows it.
    const sameForm = await fromForm('form-key-one');
    expect(sameForm).toMatchObject({ submitted: first.submitted, created: false });
    const [a, b] = (await Promise.all(['form-key-two', 'form-key-three'].map((formKey) => fromForm(formKey)))).map(full);
    expect([a!.created, b!.created].sort()).toEqual([false, true]);
    expect(a!.submitted).toEqual(b!.submitted);
    expect(a!.submitted.id).not.toBe(first.submitted.id);
    expect((await mem.requests.get(a!.submitted.id))?.status).toBe('SUBMITTED');
    expect(mem.requests.requests.size).toBe(2);
    // And the new one is the one a further repeat shows, while it lasts.
    const later = await fromForm('form-key-four');
    expect(later).toMatchObject({ submitted: a!.submitted, created: false });
  });

  it("uses one of the phone's orders an hour for three taps at once that make one request", async () => {
    const taps = (await Promise.all([1, 2, 3].map(() => fromForm('form-key-one', { admit })))).map(full);
    expect(new Set(taps.map((t) => t.submitted.id)).size).toBe(1);
    const { limit } = defaultIntakeLimits.perPhone;
    for (let i = 1; i < limit; i++) {
      const other = submission(`第${i}件事`);
      expect((await submitRequest(mem, { submission: other, channel: 'api', admit })).created).toBe(true);
    }
    await expect(submitRequest(mem, { submission: submission('再一件事'), channel: 'api', admit })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });
});

describe('admission', () => {
  it("gives the address's slot back when the phone is refused: only the requests made count against it", async () => {
    const { limit } = defaultIntakeLimits.perPhone;
    for (let i = 0; i < limit; i++) await submitRequest(mem, { submission: submission(`第${i}件事`), channel: 'api', admit });
    for (let i = 0; i < 10; i++) {
      const refused = submitRequest(mem, { submission: submission(`再${i}件事`), channel: 'api', admit });
      await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    }
    const { perAddress } = defaultIntakeLimits;
    expect(await mem.limiter.counted('ip:1.2.3.4', perAddress.windowSeconds, now)).toBe(limit);
    expect(mem.requests.requests.size).toBe(limit);
  });
});
