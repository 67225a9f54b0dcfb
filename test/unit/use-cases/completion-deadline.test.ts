import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { AliyunSmsSender } from '#shared/adapters/notify/aliyun-sms-sender';
import { isOverdue } from '#shared/domain/admin-actions';
import type { Service } from '#shared/domain/catalog';
import type { NoticeMessage } from '#shared/domain/notices';
import type { ServiceRequest } from '#shared/domain/service-request';
import { parseSmsTemplateConfig, type AliyunSmsConfig } from '#shared/domain/sms-templates';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { sweepDue } from '#shared/use-cases/sweep-due';
import { completeRequest } from '#shared/use-cases/team-work';
import { residentSubmission, teamFixture } from '../../support/fixtures';
import { startAliyunSmsStub, type SmsStub } from '../../support/sms-provider-stubs';
import { aliyunTemplates } from '../../support/sms-template-configs';

const DAY = 86_400_000;
const ACCEPTED_AT = new Date('2026-12-07T02:00:00.000Z'); // Monday 10:00 in Beijing

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const stored = (id: string) => mem.requests.requests.get(id)!;
const notices = (kind: NoticeMessage['kind']) =>
  mem.publisher.sent.filter((m) => m.queue === 'notify' && (m.body as NoticeMessage).kind === kind).map((m) => m.body as NoticeMessage);
const deadlineNotices = () => [...notices('completion-reminder'), ...notices('completion-overdue')];
const at = (ms: number) => {
  now = new Date(ACCEPTED_AT.getTime() + ms);
};
const repair = demoServices.find((s) => s.code === 'appliance-repair')!;

function setUp(services: readonly Service[] = demoServices) {
  now = new Date(ACCEPTED_AT);
  mem = memoryDeps({ clock: { now: () => now }, services, areas: demoAreas, signingKey: { id: 'k', secret: Buffer.alloc(32, 7) } });
}

/** 周奶奶's fan repair, accepted by team `a` at ACCEPTED_AT. */
async function accepted(): Promise<{ id: string; accessToken: string }> {
  await mem.teams.register(teamFixture('a', { channels: [{ kind: 'sms', phone: '+8613900001111' }] }), ['appliance-repair']);
  const { submitted } = await submitRequest(deps(), { submission: residentSubmission(), channel: 'api' });
  await dispatchRequest(deps(), { requestId: submitted.id, version: 1 });
  await acceptOffer(deps(), submitted.id, 'a');
  return { id: submitted.id, accessToken: submitted.accessToken };
}

beforeEach(() => setUp());

describe('an accepted order’s completion deadline', () => {
  it('is three days from the accept unless its service says otherwise, with the reminder due a day before', async () => {
    const { id } = await accepted();
    expect(stored(id).completeBy).toEqual({ deadline: new Date(ACCEPTED_AT.getTime() + 3 * DAY).toISOString() });
    expect(stored(id).dueAt).toBe(new Date(ACCEPTED_AT.getTime() + 2 * DAY).toISOString());

    setUp(demoServices.map((s) => (s.code === 'appliance-repair' ? { ...s, dispatch: { ...s.dispatch, completeDays: 10 } } : s)));
    const other = await accepted();
    expect(stored(other.id).completeBy!.deadline).toBe(new Date(ACCEPTED_AT.getTime() + 10 * DAY).toISOString());
  });

  it('reminds the team once however many sweeps run, then warns it once a day after the deadline', async () => {
    const { id } = await accepted();
    at(2 * DAY - 60_000);
    await sweepDue(deps());
    expect(deadlineNotices()).toEqual([]);

    at(2 * DAY);
    const [first, second] = await Promise.all([sweepDue(deps()), sweepDue(deps())]);
    expect(first.reminded + second.reminded).toBe(1);
    await sweepDue(deps());
    at(2 * DAY + 3_600_000);
    await sweepDue(deps());
    expect(notices('completion-reminder')).toEqual([
      expect.objectContaining({ requestId: id, teamId: 'a', giveUpAt: stored(id).completeBy!.deadline }),
    ]);
    expect(isOverdue(stored(id), repair, now)).toBe(false);

    // Past the deadline: overdue to staff at once; the team's warning comes the next day.
    at(3 * DAY + 60_000);
    expect(isOverdue(stored(id), repair, now)).toBe(true);
    await sweepDue(deps());
    expect(notices('completion-overdue')).toEqual([]);
    at(4 * DAY);
    expect((await sweepDue(deps())).warned).toBe(1);
    at(30 * DAY);
    expect((await sweepDue(deps())).warned).toBe(0);
    expect(notices('completion-overdue')).toEqual([expect.objectContaining({ requestId: id, teamId: 'a' })]);
    expect(notices('completion-reminder')).toHaveLength(1);
    expect(stored(id)).toMatchObject({ status: 'ACCEPTED', completeBy: { reminded: true, warned: true } });
    expect(stored(id).dueAt).toBeUndefined();
  });

  it('tells the team nothing once it completed the order, before or after the reminder', async () => {
    const early = await accepted();
    at(DAY);
    await completeRequest(deps(), early.id, 'a', { hours: [{ volunteer: '小李', minutes: 60 }] });
    for (const day of [2, 3, 4, 5]) {
      at(day * DAY);
      await sweepDue(deps());
    }
    expect(deadlineNotices()).toEqual([]);

    setUp();
    const late = await accepted();
    at(2 * DAY);
    await sweepDue(deps());
    expect(notices('completion-reminder')).toHaveLength(1);
    at(2 * DAY + 3_600_000);
    await completeRequest(deps(), late.id, 'a', { hours: [{ volunteer: '小李', minutes: 60 }] });
    at(4 * DAY);
    await sweepDue(deps());
    expect(notices('completion-overdue')).toEqual([]);
    expect(isOverdue(stored(late.id), repair, now)).toBe(false);
  });

  it('tells the team nothing more once the resident cancelled, after the reminder or before it', async () => {
    const reminded = await accepted();
    at(2 * DAY);
    await sweepDue(deps());
    expect(notices('completion-reminder')).toHaveLength(1);
    await cancelRequest(deps(), reminded.id, reminded.accessToken);
    for (const day of [3, 4, 6]) {
      at(day * DAY);
      await sweepDue(deps());
    }
    expect(deadlineNotices().map((n) => n.kind)).toEqual(['completion-reminder']);
    expect(isOverdue(stored(reminded.id), repair, now)).toBe(false);

    setUp();
    const early = await accepted();
    at(DAY);
    await cancelRequest(deps(), early.id, early.accessToken);
    for (const day of [2, 4, 6]) {
      at(day * DAY);
      await sweepDue(deps());
    }
    expect(deadlineNotices()).toEqual([]);
  });

  it('sends no reminder a late sweep would send after the deadline, but the warning still', async () => {
    await accepted();
    at(3 * DAY + 60_000);
    await sweepDue(deps());
    expect(deadlineNotices()).toEqual([]);
    at(4 * DAY);
    await sweepDue(deps());
    expect(deadlineNotices().map((n) => n.kind)).toEqual(['completion-overdue']);
  });

  it('flags an order accepted before deadlines were set as overdue from its accept and the service’s days', () => {
    const before: ServiceRequest = { ...({} as ServiceRequest), status: 'ACCEPTED', createdAt: ACCEPTED_AT.toISOString() };
    const legacy = { ...before, acceptedAt: ACCEPTED_AT.toISOString() };
    expect(isOverdue(legacy, repair, new Date(ACCEPTED_AT.getTime() + 3 * DAY - 60_000))).toBe(false);
    expect(isOverdue(legacy, repair, new Date(ACCEPTED_AT.getTime() + 3 * DAY + 60_000))).toBe(true);
  });
});

describe('the deadline’s notices, sent', () => {
  it('text the team the deadline in Beijing time, and send a reminder no more once the order moved on', async () => {
    const { id } = await accepted();
    at(2 * DAY);
    await sweepDue(deps());
    const [reminder] = notices('completion-reminder');
    expect(await sendNotice(deps(), reminder!)).toMatchObject({ kind: 'delivered', sent: 1 });
    const { target, notice } = mem.sender.sent.at(-1)!;
    expect(target).toEqual({ kind: 'sms', phone: '+8613900001111' });
    expect(notice.text).toContain('服务单请于12月10日 10:00前完成');
    expect(notice.text).not.toContain('周奶奶');

    // Committed, then completed before the notify queue got to it: not sent.
    setUp();
    const other = await accepted();
    at(2 * DAY);
    await sweepDue(deps());
    await completeRequest(deps(), other.id, 'a', { hours: [{ volunteer: '小李', minutes: 60 }] });
    const [stale] = notices('completion-reminder');
    expect(await sendNotice(deps(), stale!)).toEqual({ kind: 'skipped', reason: 'moved-on' });
    expect(mem.sender.sent.filter((s) => s.notice.kind === 'completion-reminder')).toEqual([]);
    expect(id).not.toBe(other.id);
  });
});

describe('a deployment whose SMS templates predate the deadline’s notices', () => {
  let stub: SmsStub;
  const keys = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'aliyun-secret-0123456789' };
  beforeEach(async () => {
    stub = await startAliyunSmsStub(keys);
  });
  afterEach(() => stub.close());

  it('deploys, and skips them for good without calling the provider, not as a refusal; with the templates they are sent', async () => {
    const { 'completion-reminder': _r, 'completion-overdue': _o, ...older } = aliyunTemplates.templates;
    const config = parseSmsTemplateConfig('aliyun', { ...aliyunTemplates, templates: older }) as AliyunSmsConfig;
    const source = { get: async () => keys, refused: () => undefined };
    await accepted();
    at(2 * DAY);
    await sweepDue(deps());
    at(4 * DAY);
    await sweepDue(deps());
    const [warning] = notices('completion-overdue');

    const without = { ...deps(), sender: new AliyunSmsSender(config, source, { endpoint: stub.url, timeoutMs: 2000 }) };
    expect(await sendNotice(without, warning!)).toEqual({ kind: 'skipped', reason: 'no-sms-template' });
    expect(stub.received).toEqual([]);

    const full = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    setUp();
    await accepted();
    at(4 * DAY);
    await sweepDue(deps());
    const [next] = notices('completion-overdue');
    const fresh = { ...deps(), sender: new AliyunSmsSender(full, source, { endpoint: stub.url, timeoutMs: 2000 }) };
    expect(await sendNotice(fresh, next!)).toEqual({ kind: 'delivered', sent: 1, alreadySent: 0, refused: 0 });
    expect(stub.received).toMatchObject([
      { template: 'SMS_400000051', phone: '13900001111', params: { service: '小家电维修', deadline: '12月10日 10:00' } },
    ]);
  });
});
