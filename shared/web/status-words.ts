/** A request's status and urgency in the resident's words, in either language. */
import type { LocalizedText } from '#shared/domain/catalog';
import type { RequestStatus } from '#shared/domain/request-state';
import type { Urgency } from '#shared/domain/service-request';
import { t, type Lang } from './i18n';

export function urgencyLabel(urgency: Urgency, lang: Lang): string {
  return t(lang, urgency === 'urgent' ? 'urgency_urgent' : 'urgency_normal');
}

const statuses: Readonly<Record<RequestStatus, { label: LocalizedText; explanation: LocalizedText }>> = {
  SUBMITTED: {
    label: { zh: '已提交', en: 'Received' },
    explanation: { zh: '已收到您的需求，正在安排。', en: 'We have your request and are arranging help.' },
  },
  WAITING: {
    label: { zh: '等待派单', en: 'Waiting for a team' },
    explanation: { zh: '正在为您寻找服务队。', en: 'We are looking for a volunteer team for you.' },
  },
  OFFERED: {
    label: { zh: '待接单', en: 'Offered to a team' },
    explanation: {
      zh: '已请一支服务队接单，正在等待对方确认。',
      en: 'A team has been asked to help and we are waiting for them to confirm.',
    },
  },
  ACCEPTED: {
    label: { zh: '已接单', en: 'Accepted' },
    explanation: { zh: '服务队已接单，志愿者会与您联系。', en: 'A team has taken your request; a volunteer will contact you.' },
  },
  COMPLETED: { label: { zh: '已完成', en: 'Done' }, explanation: { zh: '服务已完成。', en: 'The service has been done.' } },
  CLOSED: {
    label: { zh: '已结束', en: 'Closed' },
    explanation: { zh: '本次服务已结束，感谢您的使用。', en: 'This request is closed. Thank you.' },
  },
  ESCALATED: {
    label: { zh: '中心处理中', en: 'With the center' },
    explanation: {
      zh: '暂无志愿队接单，已转社区工作人员协调，由工作人员为您安排。',
      en: 'No volunteer team has taken it yet; community staff are arranging help for you by hand.',
    },
  },
  CANCELLED: { label: { zh: '已取消', en: 'Cancelled' }, explanation: { zh: '这项需求已取消。', en: 'This request was cancelled.' } },
  REJECTED: {
    label: { zh: '未能受理', en: 'Not accepted' },
    explanation: {
      zh: '很抱歉，中心无法安排这项需求，原因见下方办理记录。',
      en: 'Sorry, the center cannot arrange this request; the reason is in the history below.',
    },
  },
  EXPIRED: {
    label: { zh: '已过期', en: 'Expired' },
    explanation: {
      zh: '很抱歉，未能在时限内找到服务队。您可以重新提交需求。',
      en: 'Sorry, no team could be found in time. You can send a new request.',
    },
  },
  REVIEW: {
    label: { zh: '社区审核中', en: 'Being reviewed' },
    explanation: {
      zh: '社区工作人员正在审核您的心愿，审核后将发布到心愿墙，由志愿者认领。',
      en: 'Your community station is reviewing your wish; then it goes on the wish wall for volunteers to claim.',
    },
  },
  PUBLISHED: {
    label: { zh: '待认领', en: 'On the wish wall' },
    explanation: {
      zh: '您的心愿已发布到心愿墙（不含您的电话和地址），正在等待志愿者认领。',
      en: 'Your wish is on the wish wall (without your phone or address), waiting for a volunteer to claim it.',
    },
  },
};

export function statusLabel(status: RequestStatus, lang: Lang): string {
  return statuses[status].label[lang];
}

export function statusExplanation(status: RequestStatus, lang: Lang): string {
  return statuses[status].explanation[lang];
}
