import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { outboxKey } from '#shared/adapters/memory/request-repository';
import { AliyunSmsSender } from '#shared/adapters/notify/aliyun-sms-sender';
import { noticeId, type NoticeMessage } from '#shared/domain/notices';
import { parseSmsTemplateConfig, type AliyunSmsConfig } from '#shared/domain/sms-templates';
import { parseSubmission } from '#shared/domain/submission';
import type { Staff } from '#shared/domain/staff';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { cancelByAdmin, orderForResident } from '#shared/use-cases/admin-requests';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { announcingChanges } from '#shared/use-cases/change-announcing-repository';
import { sendNotice } from '#shared/use-cases/send-notice';
import { submitRequest } from '#shared/use-cases/submit-request';
import { viewRequest } from '#shared/use-cases/view-request';
import { renderStatusPage } from '#shared/web/status-page';
import { KEDA } from '../../support/fixtures';
import { validSubmission } from '../../support/http';
import { startAliyunSmsStub, type SmsStub } from '../../support/sms-provider-stubs';
import { aliyunTemplates } from '../../support/sms-template-configs';

const station: Staff = { id: 'keda', name: '科大社区 张站长', role: 'station', areaId: KEDA };
const order = validSubmission({ contactName: '周奶奶', phone: '13300003333' });

let mem: MemoryDeps;
let now: Date;
const deps = () => ({ ...mem, requests: announcingChanges(mem.requests, mem.clock, mem.publisher), publicUrl: 'https://api.example' });
const notices = (kind: NoticeMessage['kind']) =>
  mem.publisher.sent.filter((m) => m.queue === 'notify' && (m.body as NoticeMessage).kind === kind).map((m) => m.body as NoticeMessage);

beforeEach(() => {
  now = new Date('2026-11-29T02:00:00.000Z');
  mem = memoryDeps({
    clock: { now: () => now },
    services: demoServices,
    areas: demoAreas,
    signingKey: { id: 'k', secret: Buffer.alloc(32, 7) },
  });
});

/** 代点单: the station orders for 周奶奶, who phoned; then staff cancel it. */
async function cancelledByStation(reason: string) {
  const { submitted } = await orderForResident(deps(), station, order);
  const version = (await mem.requests.get(submitted.id))!.version;
  await cancelByAdmin(deps(), station, submitted.id, { reason, version });
  return submitted;
}

describe('a cancellation by staff, told to the resident', () => {
  it('commits the notice with the cancellation, texts the resident the reason and whom to call, once however often it arrives', async () => {
    const { id } = await cancelledByStation('老人已住院，家属来电取消');
    const [notice] = notices('cancelled');
    expect(notice).toMatchObject({ requestId: id, kind: 'cancelled' });
    expect(mem.requests.outboxMessages.has(outboxKey(id, noticeId(notice!)))).toBe(true);

    expect(await sendNotice(deps(), notice!)).toEqual({ kind: 'delivered', sent: 1, alreadySent: 0, refused: 0 });
    expect(mem.sender.sent).toHaveLength(1);
    const { target, notice: sms } = mem.sender.sent[0]!;
    expect(target).toEqual({ kind: 'sms', phone: '+8613300003333' });
    expect(sms.text).toContain('原因：老人已住院，家属来电取消');
    expect(sms.text).toContain('请致电社区服务站');
    // A copy of the message sends nothing again.
    expect(await sendNotice(deps(), notice!)).toEqual({ kind: 'skipped', reason: 'settled' });
    expect(mem.sender.sent).toHaveLength(1);
    expect(mem.requests.outboxMessages.has(outboxKey(id, noticeId(notice!)))).toBe(false);
  });

  it('tells the resident nothing when they cancelled themselves', async () => {
    const { submitted } = await submitRequest(deps(), { submission: parseSubmission(order), channel: 'api' });
    await cancelRequest(deps(), submitted.id, submitted.accessToken);
    expect((await mem.requests.get(submitted.id))!.status).toBe('CANCELLED');
    expect(notices('cancelled')).toEqual([]);
  });

  it('shows the reason and whom to call on the status page, in either language', async () => {
    const { id, accessToken } = await cancelledByStation('重复登记');
    const view = await viewRequest(deps(), id, accessToken);
    expect(view.cancelledByStaff).toEqual({ reason: '重复登记' });
    const zh = renderStatusPage({ view, lang: 'zh', large: false });
    const en = renderStatusPage({ view, lang: 'en', large: false });
    expect(zh).toContain('这项需求已由社区工作人员取消，原因：重复登记。如有疑问，请致电社区服务站。');
    expect(en).toContain('This request was cancelled by community staff: 重复登记. If you have questions, call your community station.');
  });

  it('shows no staff reason on the page of a request the resident cancelled', async () => {
    const { submitted } = await submitRequest(deps(), { submission: parseSubmission(order), channel: 'api' });
    await cancelRequest(deps(), submitted.id, submitted.accessToken);
    expect((await viewRequest(deps(), submitted.id, submitted.accessToken)).cancelledByStaff).toBeUndefined();
  });
});

describe('a deployment whose SMS templates predate the notice', () => {
  let stub: SmsStub;
  const keys = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'aliyun-secret-0123456789' };
  beforeEach(async () => {
    stub = await startAliyunSmsStub(keys);
  });
  afterEach(() => stub.close());

  it('skips it for good, without calling the provider, and says so in the outcome; with the template it is sent', async () => {
    const { cancelled: _cancelled, ...older } = aliyunTemplates.templates;
    const config = parseSmsTemplateConfig('aliyun', { ...aliyunTemplates, templates: older }) as AliyunSmsConfig;
    const source = { get: async () => keys, refused: () => undefined };
    const withSender = (sms: AliyunSmsSender) => ({ ...deps(), sender: sms });
    const { id } = await cancelledByStation('重复登记');
    const [notice] = notices('cancelled');

    const without = withSender(new AliyunSmsSender(config, source, { endpoint: stub.url, timeoutMs: 2000 }));
    expect(await sendNotice(without, notice!)).toEqual({ kind: 'skipped', reason: 'no-sms-template' });
    expect(stub.received).toEqual([]);
    // Settled: not retried, not dead-lettered.
    expect(mem.requests.outboxMessages.has(outboxKey(id, noticeId(notice!)))).toBe(false);
    expect(await sendNotice(without, notice!)).toEqual({ kind: 'skipped', reason: 'settled' });

    // The same notice of another request, in a deployment with the template: sent through it.
    const second = await cancelledByStation('居民已自行解决');
    const full = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    const withTemplate = withSender(new AliyunSmsSender(full, source, { endpoint: stub.url, timeoutMs: 2000 }));
    const next = notices('cancelled').find((n) => n.requestId === second.id)!;
    expect(await sendNotice(withTemplate, next)).toEqual({ kind: 'delivered', sent: 1, alreadySent: 0, refused: 0 });
    expect(stub.received).toMatchObject([{ template: 'SMS_400000016', phone: '13300003333', params: { reason: '居民已自行解决' } }]);
  });
});
