/** Complete template configs, one per mainland provider, as a deployment would write them. */
import type { NoticeKind } from '#shared/ports/notification-sender';

const residentKinds: NoticeKind[] = ['received', 'accepted', 'completed', 'escalated', 'expired', 'rejected'];

export const aliyunTemplates = {
  provider: 'aliyun',
  signName: '社区志愿服务',
  templates: {
    offer: { templateCode: 'SMS_400000001', params: { service: 'service', area: 'area', deadline: 'deadline' } },
    'sign-in-code': { templateCode: 'SMS_400000020', params: { code: 'signInCode' } },
    'claim-reminder': { templateCode: 'SMS_400000030', params: { service: 'service', area: 'area', deadline: 'deadline' } },
    'claim-cancelled': { templateCode: 'SMS_400000031', params: { service: 'service', area: 'area' } },
    'team-invitation': { templateCode: 'SMS_400000040', params: { team: 'team' } },
    'completion-reminder': { templateCode: 'SMS_400000050', params: { service: 'service', area: 'area', deadline: 'deadline' } },
    'completion-overdue': { templateCode: 'SMS_400000051', params: { service: 'service', area: 'area', deadline: 'deadline' } },
    cancelled: { templateCode: 'SMS_400000016', params: { code: 'trackingCode', service: 'service', reason: 'reason' } },
    'offer-cancelled': { templateCode: 'SMS_400000002', params: { service: 'service', area: { value: 'area', maxLength: 20 } } },
    ...Object.fromEntries(
      residentKinds.map((kind, i) => [
        kind,
        {
          templateCode: `SMS_40000001${i}`,
          params: { code: 'trackingCode', service: 'service', ...(kind === 'accepted' ? { team: 'team' } : {}) },
        },
      ]),
    ),
  },
};

export const tencentTemplates = {
  provider: 'tencent',
  signName: '社区志愿服务',
  sdkAppId: '1400000001',
  region: 'ap-guangzhou',
  templates: {
    offer: { templateId: '2000001', params: ['service', 'area', 'deadline'] },
    'sign-in-code': { templateId: '2000020', params: ['signInCode'] },
    'claim-reminder': { templateId: '2000030', params: ['service', 'area', 'deadline'] },
    'claim-cancelled': { templateId: '2000031', params: ['service', 'area'] },
    'team-invitation': { templateId: '2000040', params: ['team'] },
    'completion-reminder': { templateId: '2000050', params: ['service', 'area', 'deadline'] },
    'completion-overdue': { templateId: '2000051', params: ['service', 'area', 'deadline'] },
    cancelled: { templateId: '2000016', params: ['trackingCode', 'reason'] },
    'offer-cancelled': { templateId: '2000002', params: ['service', 'area'] },
    ...Object.fromEntries(
      residentKinds.map((kind, i) => [
        kind,
        { templateId: `200001${i}`, params: ['trackingCode', ...(kind === 'accepted' ? ['team'] : ['service'])] },
      ]),
    ),
  },
};
