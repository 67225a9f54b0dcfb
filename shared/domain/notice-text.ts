/**
 * What a notice says, in zh-CN (the language of SMS and group chats here), rendered for every
 * channel format at once. A team's offer notice carries the resident masked and a link to the
 * offer page, never the address or the description (those may hold personal data and are shown
 * behind the signed link). Residents' texts are short enough for one or two SMS segments.
 */
import type { RenderedNotice, RequestNoticeKind } from './rendered-notice';
import type { LocalizedText } from './catalog';
import { INVITATION_DAYS } from './team-invitation';
import { staffCancellationText, staffReasonForSms } from './cancellation-notice';
import { FEEDBACK_DAYS } from './resident-feedback';

export interface OfferLinks {
  /** The offer page (GET): details, accept and decline buttons. */
  readonly view: string;
  /** POST endpoints, for teams whose own software answers. */
  readonly accept: string;
  readonly decline: string;
}

export interface NoticeContext {
  readonly eventId: string;
  readonly kind: RequestNoticeKind;
  readonly requestId: string;
  readonly trackingCode: string;
  readonly service: LocalizedText;
  /** Area names from the district down. */
  readonly areaNames: readonly string[];
  readonly urgency: 'normal' | 'urgent';
  readonly teamName?: string;
  /** Offers only. */
  readonly deadline?: string;
  readonly resident?: { readonly name: string; readonly phone: string };
  readonly links?: OfferLinks;
  /** Where a resident looks a request up by tracking code (`…/lookup`). */
  readonly lookupUrl?: string;
  /** `cancelled`: the reason staff gave, as they wrote it (the SMS carries it masked and cut). */
  readonly reason?: string;
}

const SIGNATURE = '【社区志愿服务】';

/** Chat markdown must not be steered by data: markup characters become their full-width forms. */
export function inert(text: string): string {
  return text.replace(/[<>[\]()*_`#~|\\]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/[\r\n]+/g, ' ');
}

const shanghai = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-29T10:05:00Z` → `11月29日 18:05`. */
export function shanghaiTime(iso: string): string {
  const parts = Object.fromEntries(shanghai.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

/**
 * Plain text (SMS, email) takes data on one line, without control characters, and with angle
 * brackets in their full-width forms, so no client that renders it as HTML runs markup from it.
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/[<>]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

export function renderNotice(ctx: NoticeContext): RenderedNotice {
  const service = oneLine(ctx.service.zh);
  const area = oneLine(ctx.areaNames.join(''));
  const team = oneLine(ctx.teamName ?? '志愿服务队');
  const base = { eventId: ctx.eventId, kind: ctx.kind };
  const data = { event: ctx.kind, eventId: ctx.eventId, requestId: ctx.requestId, service: ctx.service };
  switch (ctx.kind) {
    case 'offer': {
      const urgent = ctx.urgency === 'urgent' ? '【紧急】' : '';
      const deadline = ctx.deadline ? shanghaiTime(ctx.deadline) : '';
      const who = ctx.resident ? oneLine(`${ctx.resident.name} ${ctx.resident.phone}`) : '';
      const view = ctx.links?.view ?? '';
      return {
        ...base,
        title: `${urgent}新派单：${service}`,
        text: `${SIGNATURE}${urgent}新派单：${service}，${area}，居民${who}。请于${deadline}前接单或拒单：${view}`,
        markdown: [
          `### ${urgent}新派单：${inert(service)}`,
          `> 地点：${inert(area)}`,
          `> 居民：${inert(who)}`,
          `> 请于 **${deadline}** 前答复`,
          '',
          `[查看并接单](${view})`,
        ].join('\n'),
        data: { ...data, area: ctx.areaNames, urgency: ctx.urgency, deadline: ctx.deadline, resident: ctx.resident, links: ctx.links },
        values: {
          service,
          area,
          deadline,
          urgency: ctx.urgency === 'urgent' ? '紧急' : '普通',
          ...(ctx.resident ? { resident: oneLine(ctx.resident.name), residentPhone: oneLine(ctx.resident.phone) } : {}),
        },
      };
    }
    case 'claim-reminder': {
      const deadline = ctx.deadline ? shanghaiTime(ctx.deadline) : '';
      const body = `您认领的微心愿（${service}，${area}）请于${deadline}前实现；如无法完成，请在认领页放弃，让心愿回到心愿墙。`;
      return {
        ...base,
        title: `心愿认领提醒：${service}`,
        text: `${SIGNATURE}${body}`,
        markdown: `### 心愿认领提醒：${inert(service)}\n> 地点：${inert(area)}\n> 请于 **${deadline}** 前实现；无法完成请放弃，心愿将回到心愿墙。`,
        data: { ...data, area: ctx.areaNames, deadline: ctx.deadline },
        values: { service, area, deadline },
      };
    }
    case 'completion-reminder':
    case 'completion-overdue': {
      // Nothing of the resident: the team has the order's details behind its offer link.
      const deadline = ctx.deadline ? shanghaiTime(ctx.deadline) : '';
      const text = completionText(ctx.kind, deadline);
      const where = `${area}的${service}服务单`;
      return {
        ...base,
        title: `${text.title}：${service}`,
        text: `${SIGNATURE}${where}${text.body}`,
        markdown: `### ${text.title}：${inert(service)}\n> 地点：${inert(area)}\n> ${text.body}`,
        data: { ...data, area: ctx.areaNames, deadline: ctx.deadline },
        values: { service, area, deadline },
      };
    }
    case 'claim-cancelled':
      // Nothing of the wisher: the claimer saw the contact while the claim stood, and needs only which wish it was.
      return {
        ...base,
        title: `心愿已取消：${service}`,
        text: `${SIGNATURE}您认领的微心愿（${service}，${area}）已由居民或社区取消，无需再准备或上门。感谢您的爱心！`,
        markdown: `### 心愿已取消：${inert(service)}\n> 地点：${inert(area)}\n> 已由居民或社区取消，无需再准备或上门。`,
        data: { ...data, area: ctx.areaNames },
        values: { service, area },
      };
    case 'offer-cancelled':
      return {
        ...base,
        title: `已取消：${service}`,
        text: `${SIGNATURE}${area}的${service}服务单已取消，无需再上门。`,
        markdown: `### 已取消：${inert(service)}\n> ${inert(area)}的服务单已由居民或社区取消，无需再上门。`,
        data: { ...data, area: ctx.areaNames },
        values: { service, area },
      };
    case 'cancelled': {
      const reason = staffReasonForSms(ctx.reason ?? '');
      const request = { code: ctx.trackingCode, service: { zh: service, en: service } };
      const body = staffCancellationText(reason, request).zh;
      const markdownBody = staffCancellationText(inert(reason), { ...request, service: { zh: inert(service), en: '' } }).zh;
      return {
        ...base,
        title: '需求已取消',
        text: `${SIGNATURE}${body}`,
        markdown: `### 需求已取消\n${markdownBody}`,
        data: { ...data, trackingCode: ctx.trackingCode },
        values: { trackingCode: ctx.trackingCode, service, team, reason },
      };
    }
    default: {
      const text = residentText(ctx.kind, ctx.trackingCode, service, team, ctx.lookupUrl ?? '');
      const markdown = residentText(ctx.kind, ctx.trackingCode, inert(service), inert(team), ctx.lookupUrl ?? '');
      return {
        ...base,
        title: text.title,
        text: `${SIGNATURE}${text.body}`,
        markdown: `### ${text.title}\n${markdown.body}`,
        data: { ...data, trackingCode: ctx.trackingCode },
        values: { trackingCode: ctx.trackingCode, service, team },
      };
    }
  }
}

/** A team's reminder of an accepted order's completion deadline, or its warning the day after. */
function completionText(kind: 'completion-reminder' | 'completion-overdue', deadline: string) {
  return kind === 'completion-reminder'
    ? { title: '完成期限提醒', body: `请于${deadline}前完成，完成后请在派单页登记；如无法按期完成，请联系社区。` }
    : { title: '服务单已超期', body: `已超过完成期限（${deadline}）仍未登记完成，请尽快完成并登记，或联系社区。` };
}

function residentText(
  kind: Exclude<
    RequestNoticeKind,
    'offer' | 'offer-cancelled' | 'claim-reminder' | 'claim-cancelled' | 'cancelled' | 'completion-reminder' | 'completion-overdue'
  >,
  code: string,
  service: string,
  team: string,
  lookupUrl: string,
) {
  switch (kind) {
    case 'received':
      return {
        title: '需求已登记',
        body: `您的服务需求（${service}）已登记，查询码${code}。凭查询码和手机号后四位可查询进度：${lookupUrl}`,
      };
    case 'accepted':
      return { title: '已接单', body: `您的服务单${code}（${service}）已由${team}接单，志愿者将尽快与您联系。` };
    case 'completed':
      return {
        title: '服务已完成',
        // Rating and reopening need the private link from submission or a call (first: a resident staff ordered for
        // never had the link, review 76): the lookup page only shows progress.
        body: `您的服务单${code}（${service}）已完成。如需评价或问题仍在，${FEEDBACK_DAYS}天内可致电社区服务站，或用提交时的专用链接；凭查询码可查看进度：${lookupUrl}`,
      };
    case 'escalated':
      return { title: '已转社区协调', body: `您的服务单${code}（${service}）暂无志愿队接单，已转社区工作人员协调，请耐心等候。` };
    case 'expired':
      return { title: '未能安排', body: `很抱歉，您的服务单${code}（${service}）未能安排志愿者，已关闭。如仍需要，请重新提交或联系社区。` };
    case 'rejected':
      return {
        title: '未能受理',
        body: `很抱歉，您的服务单${code}（${service}）未能受理，原因请凭查询码在服务页查看或联系社区：${lookupUrl}`,
      };
  }
}

/** Minutes a sign-in code stays valid (said in the SMS; `sign-in-code.ts` enforces it). */
export const SIGN_IN_CODE_MINUTES = 5;

/** A volunteer's one-time sign-in code (我的志愿服务): the code alone, nothing about the person. */
export function renderSignInCode(eventId: string, code: string): RenderedNotice {
  const text = `您的登录验证码是${code}，${SIGN_IN_CODE_MINUTES}分钟内有效，请勿告诉他人。如非本人操作请忽略。`;
  return {
    eventId,
    kind: 'sign-in-code',
    title: '登录验证码',
    text: `${SIGNATURE}${text}`,
    markdown: `### 登录验证码\n${text}`,
    data: { event: 'sign-in-code', eventId },
    values: { signInCode: code },
  };
}

/**
 * A team's invitation to the phone it gave (邀请入队): the team's name and the volunteer's page,
 * where the person signs in, or registers, to see it and answer; nothing else (the SMS may reach
 * someone who never heard of the team). The link comes last, so no punctuation runs into it.
 */
export function renderTeamInvitation(eventId: string, teamName: string, meUrl: string): RenderedNotice {
  const team = oneLine(teamName);
  const say = (name: string, url: string) =>
    `志愿服务队“${name}”邀请您加入，不想加入可忽略本短信。请在${INVITATION_DAYS}天内登录或注册“我的志愿服务”查看并答复：${url}`;
  return {
    eventId,
    kind: 'team-invitation',
    title: '志愿服务队邀请',
    text: `${SIGNATURE}${say(team, meUrl)}`,
    markdown: `### 志愿服务队邀请\n${say(inert(team), `[${meUrl}](${meUrl})`)}`,
    data: { event: 'team-invitation', eventId },
    values: { team },
  };
}
