import { describe, expect, it } from 'vitest';
import { renderNotice, renderSignInCode, renderTeamInvitation } from '#shared/domain/notice-text';
import {
  fillAliyunTemplate,
  fillTencentTemplate,
  NOTICE_KINDS,
  NoSmsTemplateError,
  noticeValuesOf,
  parseSmsTemplateConfig,
  SmsTemplateConfigError,
  type AliyunSmsConfig,
  type TencentSmsConfig,
} from '#shared/domain/sms-templates';
import { aliyunTemplates, tencentTemplates } from '../../support/sms-template-configs';

const refusal = (provider: 'aliyun' | 'tencent', input: unknown): string => {
  try {
    parseSmsTemplateConfig(provider, input);
  } catch (error) {
    expect(error).toBeInstanceOf(SmsTemplateConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

const offer = renderNotice({
  eventId: 'r#v2#offer',
  kind: 'offer',
  requestId: 'r',
  trackingCode: '48213705',
  service: { zh: '小家电维修', en: 'Small appliance repair' },
  areaNames: ['泰山区', '泰前街道', '科技大学社区第一网格党群服务站'],
  urgency: 'urgent',
  deadline: '2026-12-31T15:59:00Z',
  resident: { name: '王**', phone: '139****5678' },
  links: { view: 'https://x/offers/r', accept: 'https://x/a', decline: 'https://x/d' },
});

describe('the SMS template config', () => {
  it('accepts a template for every notice kind, filled only with values the kind carries', () => {
    expect(parseSmsTemplateConfig('aliyun', aliyunTemplates).templates.accepted).toBeDefined();
    expect(parseSmsTemplateConfig('tencent', tencentTemplates).provider).toBe('tencent');
    // renderNotice sets exactly the values each kind is declared to carry.
    const kinds = ['offer', 'offer-cancelled', 'accepted', 'cancelled', 'claim-reminder', 'claim-cancelled'] as const;
    for (const kind of [...kinds, 'completion-reminder', 'completion-overdue'] as const) {
      const notice = kind === 'offer' ? offer : renderNotice({ ...offerContext(), kind });
      expect(Object.keys(notice.values ?? {}).sort(), kind).toEqual([...noticeValuesOf[kind]].sort());
    }
    expect(Object.keys(renderSignInCode('e1', '123456').values ?? {})).toEqual([...noticeValuesOf['sign-in-code']]);
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    expect(fillAliyunTemplate(aliyun, renderSignInCode('e1', '123456'))).toEqual({
      templateCode: 'SMS_400000020',
      params: { code: '123456' },
    });
    const invitation = renderTeamInvitation('team-a.0123456789abcdefghij', '瑞迪e修站', 'https://paidan.example.cn/me');
    expect(Object.keys(invitation.values ?? {})).toEqual([...noticeValuesOf['team-invitation']]);
    // The link is the template's fixed text; the team's name the one variable.
    expect(fillAliyunTemplate(aliyun, invitation)).toEqual({ templateCode: 'SMS_400000040', params: { team: '瑞迪e修站' } });
    const tencent = parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig;
    expect(fillTencentTemplate(tencent, invitation)).toEqual({ templateId: '2000040', params: ['瑞迪e修站'] });
    expect(NOTICE_KINDS).toHaveLength(15);
    // A config written before the wish wall, the invitations' SMS and the completion deadlines, without their notices, still parses.
    const {
      'claim-reminder': _reminder,
      'claim-cancelled': _cancelled,
      'team-invitation': _invitation,
      cancelled: _staffCancelled,
      'completion-reminder': _completionReminder,
      'completion-overdue': _overdue,
      ...older
    } = aliyunTemplates.templates;
    const olderConfig = parseSmsTemplateConfig('aliyun', { ...aliyunTemplates, templates: older });
    expect(olderConfig.templates['claim-reminder']).toBeUndefined();
    expect(() => fillAliyunTemplate(olderConfig as AliyunSmsConfig, invitation)).toThrow(
      /no SMS template for the "team-invitation" notice/,
    );
    expect(fillAliyunTemplate(aliyun, renderNotice({ ...offerContext(), kind: 'claim-cancelled' }))).toEqual({
      templateCode: 'SMS_400000031',
      params: { service: '小家电维修', area: '泰山区泰前街道科技大学社区第一网格党群服务站' },
    });
  });

  it('takes a config from before the notice of a cancellation by staff, and fills none for that notice', () => {
    const cancelled = renderNotice({ ...offerContext(), kind: 'cancelled', reason: '已搬离，电话13812345678' });
    for (const [provider, complete] of [
      ['aliyun', aliyunTemplates],
      ['tencent', tencentTemplates],
    ] as const) {
      const { cancelled: _cancelled, ...older } = complete.templates;
      const config = parseSmsTemplateConfig(provider, { ...complete, templates: older });
      expect(config.templates.cancelled, provider).toBeUndefined();
      const fill = () =>
        provider === 'aliyun'
          ? fillAliyunTemplate(config as AliyunSmsConfig, cancelled)
          : fillTencentTemplate(config as TencentSmsConfig, cancelled);
      expect(fill, provider).toThrow(NoSmsTemplateError);
      expect(fill, provider).toThrow('no SMS template for the "cancelled" notice');
    }
    // With a template: the reason masked and cut to the provider's limit (Tencent's 12 by default).
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    expect(fillAliyunTemplate(aliyun, cancelled)).toEqual({
      templateCode: 'SMS_400000016',
      params: { code: '48213705', service: '小家电维修', reason: '已搬离，电话*******5678' },
    });
    const tencent = parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig;
    expect(fillTencentTemplate(tencent, cancelled)).toEqual({ templateId: '2000016', params: ['48213705', '已搬离，电话*****…'] });
    // A template may not take what the notice does not carry.
    const wrong = structuredClone(tencentTemplates) as Record<string, any>;
    wrong.templates.cancelled.params = ['trackingCode', 'area'];
    expect(refusal('tencent', wrong)).toBe(
      'The SMS template for the "cancelled" notice fills {2} with "area", which cancelled notices do not carry (they carry trackingCode, service, team, reason).',
    );
  });

  it('refuses, in one sentence each: a value the kind does not carry, a fixed value over the limit, a wrong shape, another provider’s config', () => {
    const t = structuredClone(tencentTemplates) as Record<string, any>;
    t.templates['offer-cancelled'].params = ['trackingCode'];
    expect(refusal('tencent', t)).toBe(
      'The SMS template for the "offer-cancelled" notice fills {1} with "trackingCode", which offer-cancelled notices do not carry (they carry service, area).',
    );
    expect(refusal('tencent', { ...tencentTemplates, paramMaxLength: 6 })).toBe(
      'The SMS template for the "offer" notice fills {3} with "deadline", up to 12 characters, over the limit of 6 per variable.',
    );
    const a = structuredClone(aliyunTemplates) as Record<string, any>;
    a.templates.received.templateCode = '12345';
    expect(refusal('aliyun', a)).toBe(
      'The SMS template config is invalid at templates.received.templateCode: an approved template code such as SMS_123456789.',
    );
    expect(refusal('aliyun', tencentTemplates)).toBe('The SMS template config is written for tencent, but the SMS provider is aliyun.');
  });

  it('refuses a Tencent Cloud signature outside 2 to 12 characters, naming the field; Alibaba Cloud keeps up to 20', () => {
    const long = '科技大学社区邻里互助志愿服务站'; // 15 characters
    expect(refusal('tencent', { ...tencentTemplates, signName: long })).toBe(
      'The SMS template config is invalid at signName: a signature of 2 to 12 characters.',
    );
    expect(refusal('tencent', { ...tencentTemplates, signName: '社' })).toBe(
      'The SMS template config is invalid at signName: a signature of 2 to 12 characters.',
    );
    expect(parseSmsTemplateConfig('tencent', { ...tencentTemplates, signName: long.slice(0, 12) }).signName).toBe(long.slice(0, 12));
    expect(parseSmsTemplateConfig('aliyun', { ...aliyunTemplates, signName: long }).signName).toBe(long);
  });

  it('fills each variable with its value, cut to the declared or the provider’s length, never empty', () => {
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    expect(fillAliyunTemplate(aliyun, offer)).toEqual({
      templateCode: 'SMS_400000001',
      params: { service: '小家电维修', area: '泰山区泰前街道科技大学社区第一网格党群服务站', deadline: '12月31日 23:59' },
    });
    const cancelled = renderNotice({ ...offerContext(), kind: 'offer-cancelled' });
    expect(fillAliyunTemplate(aliyun, cancelled).params.area).toBe('泰山区泰前街道科技大学社区第一网格党群…');
    const tencent = parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig;
    expect(fillTencentTemplate(tencent, offer).params).toEqual(['小家电维修', '泰山区泰前街道科技大学…', '12月31日 23:59']);
    expect(fillTencentTemplate(tencent, { ...offer, values: { ...offer.values, service: ' ' } }).params[0]).toBe('-');
  });

  it('fills no 【】 (the signature’s mark: （） instead) and no emoji, whatever a service or team name holds', () => {
    const named = renderNotice({
      ...offerContext(),
      kind: 'accepted',
      service: { zh: '【紧急】上门陪诊🏥服务', en: 'x' },
      teamName: '🌟红马甲🌟党员先锋队👨‍👩‍👧☀️👍🏽🇨🇳',
    });
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    const { service, team } = fillAliyunTemplate(aliyun, named).params;
    expect([service, team]).toEqual(['（紧急）上门陪诊服务', '红马甲党员先锋队']);
    const tencent = parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig;
    for (const value of fillTencentTemplate(tencent, named).params)
      expect(value).not.toMatch(/[【】\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]/u);
  });

  it('keeps Han characters outside the BMP: a name such as 𠮷 or 𪚥 reaches the SMS whole', () => {
    const named = renderNotice({ ...offerContext(), kind: 'accepted', service: { zh: '小家电维修', en: 'x' }, teamName: '𠮷野家𪚥服务队' });
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    expect(fillAliyunTemplate(aliyun, named).params.team).toBe('𠮷野家𪚥服务队');
  });
});

function offerContext() {
  return {
    eventId: 'r#v3#x',
    requestId: 'r',
    trackingCode: '48213705',
    service: { zh: '小家电维修', en: 'Small appliance repair' },
    areaNames: ['泰山区', '泰前街道', '科技大学社区第一网格党群服务站'],
    urgency: 'normal' as const,
    teamName: '瑞迪维修队',
  };
}
