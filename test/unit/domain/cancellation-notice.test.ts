import { describe, expect, it } from 'vitest';
import { SMS_REASON_CHARS, staffCancellationReason, staffCancellationText, staffReasonForSms } from '#shared/domain/cancellation-notice';
import { renderNotice, type NoticeContext } from '#shared/domain/notice-text';
import type { TimelineEvent } from '#shared/domain/service-request';

const context: NoticeContext = {
  eventId: 'r1#v5#cancelled',
  kind: 'cancelled',
  requestId: 'r1',
  trackingCode: '12345678',
  service: { zh: '小家电维修', en: 'Small appliance repair' },
  areaNames: ['泰山区', '泰前街道', '科大社区'],
  urgency: 'normal',
  reason: '居民已住院，家属来电取消',
};

describe('the resident’s notice of a cancellation by staff', () => {
  it('says which request, the reason staff gave and whom to call, in Chinese and in English', () => {
    const text = staffCancellationText('居民已住院', { code: '12345678', service: { zh: '小家电维修', en: 'Small appliance repair' } });
    expect(text.zh).toBe('您的服务单12345678（小家电维修）已由社区工作人员取消，原因：居民已住院。如有疑问，请致电社区服务站。');
    expect(text.en).toBe(
      'Your request 12345678 (Small appliance repair) was cancelled by community staff: 居民已住院. If you have questions, call your community station.',
    );
    // The status page shows the request above it: the news alone.
    expect(staffCancellationText('Moved away')).toEqual({
      zh: '这项需求已由社区工作人员取消，原因：Moved away。如有疑问，请致电社区服务站。',
      en: 'This request was cancelled by community staff: Moved away. If you have questions, call your community station.',
    });
  });

  it('sends an SMS with the reason, within two segments even for a long reason and service name', () => {
    const notice = renderNotice(context);
    expect(notice.text).toBe(
      '【社区志愿服务】您的服务单12345678（小家电维修）已由社区工作人员取消，原因：居民已住院，家属来电取消。如有疑问，请致电社区服务站。',
    );
    expect(notice.values).toEqual({
      trackingCode: '12345678',
      service: '小家电维修',
      team: '志愿服务队',
      reason: '居民已住院，家属来电取消',
    });
    const long = renderNotice({
      ...context,
      service: { zh: '老年人居家安全隐患排查与适老化改造咨询志愿服务项目', en: '' },
      reason: '很'.repeat(500),
    });
    expect([...long.text].length).toBeLessThanOrEqual(134); // two segments of 67 characters
    expect(long.text).toContain(`原因：${'很'.repeat(SMS_REASON_CHARS - 1)}…。`);
  });

  it('masks what in the reason could reach a person, keeps it on one line, and never leaves it empty', () => {
    expect(staffReasonForSms('请联系王师傅13812345678')).toBe('请联系王师傅*******5678');
    expect(staffReasonForSms('住3号楼2单元501室')).toBe('住*号楼*单元***室');
    expect(staffReasonForSms('重复\n登记<b>')).toBe('重复 登记＜b＞');
    expect(staffReasonForSms('  ')).toBe('-');
    const notice = renderNotice({ ...context, reason: '请打13812345678找[我](http://x)' });
    expect(notice.text).not.toContain('13812345678');
    expect(notice.markdown).not.toContain('](');
    expect(JSON.stringify(notice.data)).not.toContain('1381');
  });

  it('finds the reason of the last cancellation when it was staff’s, also in an event from before the reason was kept', () => {
    const event = (e: Partial<TimelineEvent>) =>
      ({ status: 'CANCELLED', actor: 'admin', message: { zh: '', en: '' }, ...e }) as Pick<
        TimelineEvent,
        'status' | 'actor' | 'reason' | 'message'
      >;
    expect(staffCancellationReason([event({ status: 'WAITING', actor: 'system' }), event({ reason: '重复登记' })])).toBe('重复登记');
    expect(staffCancellationReason([event({ message: { zh: '社区已取消需求：重复登记', en: 'Cancelled by staff: 重复登记' } })])).toBe(
      '重复登记',
    );
    expect(staffCancellationReason([event({ actor: 'resident', message: { zh: '居民已取消需求', en: '' } })])).toBeUndefined();
    expect(staffCancellationReason([event({ status: 'WAITING' })])).toBeUndefined();
  });
});
