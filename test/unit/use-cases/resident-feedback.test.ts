import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { ActionAlreadyDoneError, parseRating } from '#shared/domain/resident-feedback';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { rejectRequest } from '#shared/use-cases/admin-requests';
import { acceptOffer, declineOffer } from '#shared/use-cases/answer-offer';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { rateRequest, reopenRequest } from '#shared/use-cases/resident-feedback';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { viewRequest } from '#shared/use-cases/view-request';
import { voidRequestCredits } from '#shared/use-cases/volunteer-credits';
import { KEDA, teamFixture } from '../../support/fixtures';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';

const DAY = 86_400_000;
/** The visit: a team reports no more minutes than the time since it accepted. */
const VISIT = 3 * 3_600_000;
let mem: MemoryDeps;
let store: MemoryDeps['requests'];
let publisher: MemoryDeps['publisher'];
let now: Date;
const deps = () => mem;

async function completed(hours = [{ volunteer: '小王', minutes: 40 }]) {
  const submission = parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '洗衣机漏水',
    contactName: '陈奶奶',
    phone: '13600005555',
    address: '1号楼',
    attributes: { applianceType: 'other' },
  });
  const { submitted } = await submitRequest(deps(), { submission, channel: 'web' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  const teamId = store.requests.get(submitted.id)!.offer!.teamId;
  await acceptOffer(deps(), submitted.id, teamId);
  now = new Date(now.getTime() + VISIT);
  await completeRequest(deps(), submitted.id, teamId, { hours });
  return { ...submitted, teamId };
}

beforeEach(async () => {
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  store = mem.requests;
  publisher = mem.publisher;
  now = new Date('2026-11-29T02:00:00.000Z');
  await mem.teams.register(teamFixture('fixers', { rating: 4 }), ['appliance-repair']);
  await mem.teams.register(teamFixture('others', { rating: 5 }), ['appliance-repair']);
});

describe('rating (评单)', () => {
  it('closes a completed request with 1 to 5 stars, once', async () => {
    const request = await completed();
    expect((await viewRequest(deps(), request.id, request.accessToken)).actions).toEqual({ cancel: false, rate: true, reopen: true });
    await rateRequest(deps(), request.id, request.accessToken, { stars: 5, comment: '修得很好，谢谢' });
    expect(store.requests.get(request.id)).toMatchObject({ status: 'CLOSED', rating: { stars: 5, comment: '修得很好，谢谢' } });
    expect(store.requests.get(request.id)!.dueAt).toBeUndefined();
    await expect(rateRequest(deps(), request.id, request.accessToken, { stars: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect((await viewRequest(deps(), request.id, request.accessToken)).actions).toEqual({ cancel: false, rate: false, reopen: false });
  });

  it('tells a second tap on rate that the rating is done, but not a rating after the request closed by itself', async () => {
    const request = await completed();
    await rateRequest(deps(), request.id, request.accessToken, { stars: 5 });
    await expect(rateRequest(deps(), request.id, request.accessToken, { stars: 5 })).rejects.toBeInstanceOf(ActionAlreadyDoneError);
    const unrated = await completed();
    now = new Date(now.getTime() + 8 * DAY);
    await sweepDue(deps());
    expect(store.requests.get(unrated.id)!.status).toBe('CLOSED');
    const refused = await rateRequest(deps(), unrated.id, unrated.accessToken, { stars: 5 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).not.toBeInstanceOf(ActionAlreadyDoneError);
  });

  it('refuses a rating before completion, and a stranger', async () => {
    const submission = parseSubmission({
      serviceCode: 'appliance-repair',
      areaId: KEDA,
      description: 'x',
      contactName: 'y',
      phone: '13600006666',
      address: 'z',
      attributes: { applianceType: 'tv' },
    });
    const { submitted } = await submitRequest(deps(), { submission, channel: 'api' });
    await expect(rateRequest(deps(), submitted.id, submitted.accessToken, { stars: 4 })).rejects.toBeInstanceOf(ConflictError);
    await expect(rateRequest(deps(), submitted.id, 'not-the-token', { stars: 4 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('accepts stars from a form as text and names a bad field', () => {
    expect(parseRating({ stars: '4', comment: '' })).toEqual({ stars: 4 });
    expect(() => parseRating({ stars: 6 })).toThrow(ValidationError);
    expect(() => parseRating({ stars: 3, extra: 1 })).toThrow(ValidationError);
  });

  it('closes by itself seven days after completion when nobody rated it', async () => {
    const request = await completed();
    now = new Date(now.getTime() + 7 * DAY - 1000);
    expect((await sweepDue(deps())).closed).toBe(0);
    now = new Date(now.getTime() + 2000);
    expect((await sweepDue(deps())).closed).toBe(1);
    expect(store.requests.get(request.id)).toMatchObject({ status: 'CLOSED' });
    expect(store.requests.get(request.id)!.rating).toBeUndefined();
  });

  it('is offered and taken only in the seven days after completion, even before the sweep closes it', async () => {
    const request = await completed();
    now = new Date(now.getTime() + 7 * DAY - 1000);
    expect((await viewRequest(deps(), request.id, request.accessToken)).actions.rate).toBe(true);
    now = new Date(now.getTime() + 2000);
    expect((await viewRequest(deps(), request.id, request.accessToken)).actions.rate).toBe(false);
    await expect(rateRequest(deps(), request.id, request.accessToken, { stars: 5 })).rejects.toBeInstanceOf(ConflictError);
    expect(store.requests.get(request.id)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('reopening', () => {
  it('dispatches the request again within seven days, to the team that did the work first', async () => {
    const request = await completed();
    expect(request.teamId).toBe('others');
    now = new Date(now.getTime() + 3 * DAY);
    await reopenRequest(deps(), request.id, request.accessToken);
    expect(store.requests.get(request.id)).toMatchObject({ status: 'WAITING', preferredTeam: 'others', offersMade: 0 });
    // The first visit is kept, by its team, for the credit at the close.
    const first = {
      completedAt: '2026-11-29T05:00:00.000Z',
      team: { id: 'others', name: 'others' },
      hours: [{ volunteer: '小王', minutes: 40 }],
    };
    expect(store.requests.get(request.id)).toMatchObject({ earlierCompletions: [first] });
    expect(store.requests.get(request.id)!.completion).toBeUndefined();
    // Now the other team ranks higher on its own; the reopened request still goes back first.
    mem.teams.patch('fixers', { rating: 5 });
    mem.teams.patch('others', { rating: 4 });
    for (const m of publisher.sent.splice(0)) await dispatchRequest(deps(), m.body as { requestId: string; version: number });
    expect(store.requests.get(request.id)!.offer!.teamId).toBe('others');
  });

  it('answers a second tap, or two at once, as done, also once dispatch moved it on; not once the round is over', async () => {
    const request = await completed();
    const outcomes = await Promise.allSettled([
      reopenRequest(deps(), request.id, request.accessToken),
      reopenRequest(deps(), request.id, request.accessToken),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : o.reason.constructor.name)).sort()).toEqual([
      'ActionAlreadyDoneError',
      'WAITING',
    ]);
    for (const m of publisher.sent.splice(0)) await dispatchRequest(deps(), m.body as { requestId: string; version: number });
    expect(store.requests.get(request.id)!.status).toBe('OFFERED');
    await expect(reopenRequest(deps(), request.id, request.accessToken)).rejects.toBeInstanceOf(ActionAlreadyDoneError);
    // Completed again and rated: a tap from a page of the first round was not done.
    const teamId = store.requests.get(request.id)!.offer!.teamId;
    await acceptOffer(deps(), request.id, teamId);
    now = new Date(now.getTime() + VISIT);
    await completeRequest(deps(), request.id, teamId, { hours: [{ volunteer: '小王', minutes: 30 }] });
    await rateRequest(deps(), request.id, request.accessToken, { stars: 5 });
    const refused = await reopenRequest(deps(), request.id, request.accessToken).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).not.toBeInstanceOf(ActionAlreadyDoneError);
  });

  it('is refused after seven days', async () => {
    const request = await completed();
    now = new Date(now.getTime() + 7 * DAY + 1);
    await expect(reopenRequest(deps(), request.id, request.accessToken)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('volunteer credit on closing', () => {
  it('credits every visit of a reopened request, each to the ledger of the team that made it, and voids them all', async () => {
    const request = await completed([{ volunteer: '张三', minutes: 120 }]);
    now = new Date(now.getTime() + DAY);
    await reopenRequest(deps(), request.id, request.accessToken);
    for (const m of publisher.sent.splice(0)) await dispatchRequest(deps(), m.body as { requestId: string; version: number });
    // The team of the first visit is offered it first, and cannot come this time: another team goes.
    await declineOffer(deps(), request.id, 'others', 'busy');
    for (const m of publisher.sent.splice(0)) await dispatchRequest(deps(), m.body as { requestId: string; version: number });
    await acceptOffer(deps(), request.id, 'fixers');
    now = new Date(now.getTime() + VISIT);
    await completeRequest(deps(), request.id, 'fixers', { hours: [{ volunteer: '李四', minutes: 60 }] });
    await rateRequest(deps(), request.id, request.accessToken, { stars: 5 });

    expect([...mem.credits.earned.values()]).toEqual([
      expect.objectContaining({ volunteerKey: 'others:张三', teamId: 'others', minutes: 120, hours: 2, points: 0.5 }),
      expect.objectContaining({ volunteerKey: 'fixers:李四', teamId: 'fixers', minutes: 60, hours: 1, points: 0.25 }),
    ]);
    expect(await voidRequestCredits(deps(), request.id, '投诉属实')).toEqual({ voided: 2 });
    expect((await mem.credits.balance('others:张三')).hours).toBe(0);
  });

  it('credits the visit before a reopening when the request then ends otherwise: cancelled by the resident, or rejected by the center', async () => {
    const cancelled = await completed([{ volunteer: '张三', minutes: 120 }]);
    await reopenRequest(deps(), cancelled.id, cancelled.accessToken);
    await cancelRequest(deps(), cancelled.id, cancelled.accessToken);
    expect(store.requests.get(cancelled.id)).toMatchObject({ status: 'CANCELLED', creditsPending: true });
    const expired = await completed([{ volunteer: '王五', minutes: 60 }]);
    await reopenRequest(deps(), expired.id, expired.accessToken);
    mem.teams.patch('fixers', { paused: true });
    mem.teams.patch('others', { paused: true });
    now = new Date(now.getTime() + 30 * DAY);
    await sweepDue(deps());
    // Escalated, it waits for staff (nothing escalated expires by itself): the center rejects it.
    const { version } = store.requests.get(expired.id)!;
    await rejectRequest(deps(), { id: 'staff-1', name: 'center', role: 'center' }, expired.id, { reason: '无法安排', version });
    await sweepDue(deps());
    expect(store.requests.get(expired.id)!.status).toBe('REJECTED');
    expect([...mem.credits.earned.values()].map((e) => [e.volunteerKey, e.hours])).toEqual([
      [`${cancelled.teamId}:张三`, 2],
      [`${expired.teamId}:王五`, 1],
    ]);
    expect(store.requests.get(expired.id)!.creditsPending).toBeUndefined();
    expect(await voidRequestCredits(deps(), expired.id, '投诉属实')).toEqual({ voided: 1 });
  });

  it('posts the hours once when the resident rates, and the sweep adds nothing more', async () => {
    const request = await completed();
    await rateRequest(deps(), request.id, request.accessToken, { stars: 5 });
    const key = `${request.teamId}:小王`;
    expect(await mem.credits.balance(key)).toEqual({ volunteerKey: key, hours: 0.5, pointsEarned: 0.125, pointsSpent: 0, balance: 0.125 });
    expect(store.requests.get(request.id)!.creditsPending).toBeUndefined();
    now = new Date(now.getTime() + 8 * DAY);
    await sweepDue(deps());
    expect((await mem.credits.history(key)).map((l) => l.kind)).toEqual(['earn']);
  });

  it('posts the hours through the sweep when the request closes by itself', async () => {
    const request = await completed();
    now = new Date(now.getTime() + 7 * DAY + 1);
    expect(await sweepDue(deps())).toMatchObject({ closed: 1, credited: 1 });
    expect((await mem.credits.balance(`${request.teamId}:小王`)).hours).toBe(0.5);
  });
});
