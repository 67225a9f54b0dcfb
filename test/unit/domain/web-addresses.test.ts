import { describe, expect, it } from 'vitest';
import { staffReasonForSms } from '#shared/domain/cancellation-notice';
import { renderNotice } from '#shared/domain/notice-text';
import {
  type AliyunSmsConfig,
  type TencentSmsConfig,
  fillAliyunTemplate,
  fillTencentTemplate,
  parseSmsTemplateConfig,
} from '#shared/domain/sms-templates';
import { withoutWebAddresses } from '#shared/domain/web-addresses';
import { aliyunTemplates, tencentTemplates } from '../../support/sms-template-configs';

// Both mainland providers refuse a link in a template variable for good (Alibaba Cloud
// isv.PARAM_NOT_SUPPORT_URL), so a staff reason naming a website would cost the resident the SMS.
describe('web addresses in free text for a template variable', () => {
  it('cuts out URLs, bare domains, IP addresses and e-mail addresses, and nothing else', () => {
    expect(withoutWebAddresses('请到 www.jnzwfw.gov.cn 重新登记')).toBe('请到 … 重新登记');
    expect(withoutWebAddresses('请到www.jnzwfw.gov.cn重新登记')).toBe('请到…重新登记');
    expect(withoutWebAddresses('见 https://jnzwfw.gov.cn/a/b?x=1 。')).toBe('见 … 。');
    expect(withoutWebAddresses('登录 jnzwfw．gov．cn 办理')).toBe('登录 … 办理');
    expect(withoutWebAddresses('发邮件到 help@station.org.cn 咨询')).toBe('发邮件到 … 咨询');
    expect(withoutWebAddresses('服务器 192.168.1.1:8080/x 故障')).toBe('服务器 … 故障');
    for (const kept of ['居民已自行解决', 'e.g. 3.5 小时, 12:30, 133****3333, Wi-Fi 坏了', 'v1.2 版本', 'No.5 楼'])
      expect(withoutWebAddresses(kept)).toBe(kept);
  });

  it('leaves names and abbreviations written with a dot as they are', () => {
    for (const kept of ['Mr.Wang师傅', 'Dr.Li', 'St.John志愿队', 'Ms.Zhang说已解决', 'ok.OK', 'A.B', '王先生No.5', '3.5小时', 'Hello.com'])
      expect(withoutWebAddresses(kept)).toBe(kept);
    expect(withoutWebAddresses('请联系Mr.Wang师傅，或看 ruidi.cn')).toBe('请联系Mr.Wang师傅，或看 …');
  });

  it('cuts a host that has a scheme, www., a port, a path or an @, whatever its case', () => {
    expect(withoutWebAddresses('见 WWW.Example.Org 说明')).toBe('见 … 说明');
    expect(withoutWebAddresses('见 Example.Org/help 说明')).toBe('见 … 说明');
    expect(withoutWebAddresses('见 Hooks.Example.Museum:8443 说明')).toBe('见 … 说明');
    expect(withoutWebAddresses('写信 Li@Example.Museum 说明')).toBe('写信 … 说明');
    expect(withoutWebAddresses('见 HTTP://Example.Museum 说明')).toBe('见 … 说明');
    expect(withoutWebAddresses('见 jnzwfw.gov.cn 或 Example.Museum')).toBe('见 … 或 Example.Museum');
    expect(withoutWebAddresses('见 abc.中国')).toBe('见 …');
  });

  it('leaves no link, whole or cut, in a cancellation reason’s SMS variable, with either provider', () => {
    expect(staffReasonForSms('请到 www.jnzwfw.gov.cn 重新登记')).toBe('请到 … 重新登记');
    const notice = renderNotice({
      eventId: 'r#v3#cancelled',
      kind: 'cancelled',
      requestId: 'r',
      trackingCode: '48213705',
      service: { zh: '小家电维修', en: 'Small appliance repair' },
      areaNames: [],
      urgency: 'normal',
      reason: '已转至政务网 https://www.jnzwfw.gov.cn/bs 办理，请知悉',
    });
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    const tencent = parseSmsTemplateConfig('tencent', tencentTemplates) as TencentSmsConfig;
    expect(fillAliyunTemplate(aliyun, notice).params.reason).toBe('已转至政务网 … 办理，请知悉');
    expect(fillTencentTemplate(tencent, notice).params[1]).toBe('已转至政务网 … 办理…');
  });

  it('cuts a link out of any free-text value, such as a team’s name, when a template is filled', () => {
    const accepted = renderNotice({
      eventId: 'r#v3#accepted',
      kind: 'accepted',
      requestId: 'r',
      trackingCode: '48213705',
      service: { zh: '小家电维修', en: 'Small appliance repair' },
      areaNames: [],
      urgency: 'normal',
      teamName: '瑞迪维修队 ruidi.cn',
    });
    const aliyun = parseSmsTemplateConfig('aliyun', aliyunTemplates) as AliyunSmsConfig;
    expect(Object.values(fillAliyunTemplate(aliyun, accepted).params).join(' ')).not.toMatch(/ruidi|\.cn/);
  });
});
