/**
 * The volunteer's teams on their own page (所在服务队): the invitations waiting for their answer,
 * each with the team's name and two plain forms (accept, decline), and the teams they are in, each
 * with a form to leave it, which asks once more first. A step comes back here with a notice
 * (`?team-notice=`): done, or the invitation is gone (withdrawn, declined, expired).
 */
import { INVITATION_DAYS } from '#shared/domain/team-invitation';
import type { MyInvitation } from '#shared/use-cases/team-invitations';
import type { MyVolunteerPage } from '#shared/use-cases/my-volunteer-page';
import { html, type SafeHtml } from './html';
import type { Lang, QueryLike } from './i18n';
import { withPageOptions } from './links';
import { formatShanghaiTime } from './time';

export const teamNotices = ['accepted', 'declined', 'left', 'invitation-gone'] as const;
export type TeamNotice = (typeof teamNotices)[number];

/** The page's query flags: a step's notice; the team whose leaving waits for the second tap. */
export const TEAM_NOTICE_PARAMETER = 'team-notice';
export const CONFIRM_LEAVE_PARAMETER = 'leave';

export const invitationPathOf = (id: string) => `/me/invitations/${encodeURIComponent(id)}`;
export const leavePathOf = (teamId: string) => `/me/teams/${encodeURIComponent(teamId)}/leave`;

export interface MyTeamsFlags {
  readonly notice?: TeamNotice;
  readonly confirmLeave?: string;
}

export function myTeamsFlags(query: QueryLike): MyTeamsFlags {
  const get = (name: string) => (query instanceof URLSearchParams ? query.get(name) : query?.[name]) ?? undefined;
  const notice = teamNotices.find((n) => n === get(TEAM_NOTICE_PARAMETER));
  const confirmLeave = get(CONFIRM_LEAVE_PARAMETER);
  return { ...(notice ? { notice } : {}), ...(confirmLeave ? { confirmLeave } : {}) };
}

const texts = {
  zh: {
    invitations: '服务队的邀请',
    invites: '邀请您加入',
    until: '邀请有效至',
    consent: '接受后，这支服务队可以看到您的姓名、隐去部分数字的手机号，以及您的服务时长和积分；不接受，服务队什么也看不到。',
    accept: '接受邀请',
    decline: '谢绝',
    teams: '所在服务队',
    noTeams: '还没有加入服务队。',
    leave: '退出这支服务队',
    confirmTitle: '确定退出这支服务队吗？',
    confirmHint: '退出后，这支服务队不再看到您的服务时长和积分；您的记录仍在您自己的页面上。',
    confirmButton: '确定退出',
    keep: '不退出，返回',
    accepted: '已加入服务队。',
    declined: '已谢绝邀请，服务队看不到您的任何信息。',
    left: '已退出服务队。',
    'invitation-gone': `这个邀请已经失效：服务队可能已撤回邀请，或已超过 ${INVITATION_DAYS} 天。需要时请服务队重新邀请。`,
  },
  en: {
    invitations: 'Invitations from teams',
    invites: 'invites you to join',
    until: 'Valid until',
    consent:
      'If you accept, this team sees your name, your phone number with some digits hidden, and your hours and points; if you do not, it sees nothing of you.',
    accept: 'Accept',
    decline: 'Decline',
    teams: 'Your teams',
    noTeams: 'Not in a team yet.',
    leave: 'Leave this team',
    confirmTitle: 'Leave this team?',
    confirmHint: 'The team no longer sees your hours and points; your records stay on your own page.',
    confirmButton: 'Yes, leave',
    keep: 'No, stay',
    accepted: 'You joined the team.',
    declined: 'Invitation declined: the team sees nothing of you.',
    left: 'You left the team.',
    'invitation-gone': `This invitation is no longer valid: the team may have withdrawn it, or it is older than ${INVITATION_DAYS} days. Ask the team to invite you again if you wish.`,
  },
} as const;

export function myTeamsSection(
  teams: MyVolunteerPage['teams'],
  invitations: readonly MyInvitation[],
  options: { readonly lang: Lang; readonly large: boolean },
  flags: MyTeamsFlags = {},
): SafeHtml {
  const { lang } = options;
  const l = texts[lang];
  const notice =
    flags.notice === 'invitation-gone'
      ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${l[flags.notice]}</p></div>`
      : flags.notice
        ? html`<p class="notice" role="status">${l[flags.notice]}</p>`
        : '';
  const invited =
    invitations.length === 0
      ? ''
      : html`<h2 id="invitations">${l.invitations}</h2>
<p>${l.consent}</p>
<ul class="records">${invitations.map(
          (
            i,
          ) => html`<li data-invitation="${i.id}"><strong>${i.team[lang]}</strong> ${l.invites}<br>${l.until}${colon(lang)}${formatShanghaiTime(i.expiresAt, lang)}
<form method="post" action="${withPageOptions(`${invitationPathOf(i.id)}/accept`, options)}"><button type="submit">${l.accept}</button></form>
<form method="post" action="${withPageOptions(`${invitationPathOf(i.id)}/decline`, options)}"><button type="submit" class="secondary">${l.decline}</button></form>
</li>`,
        )}</ul>`;
  const leave = (teamId: string) => {
    const action = withPageOptions(leavePathOf(teamId), options);
    if (flags.confirmLeave !== teamId)
      return html`<form method="post" action="${action}"><button type="submit" class="secondary">${l.leave}</button></form>`;
    return html`<div class="error-summary" role="alert" tabindex="-1"><h3>${l.confirmTitle}</h3><p>${l.confirmHint}</p>
<form method="post" action="${action}"><button type="submit" class="danger" name="confirm" value="yes">${l.confirmButton}</button></form>
<p><a class="big-link" href="${withPageOptions('/me#teams', options)}">${l.keep}</a></p></div>`;
  };
  const member =
    teams.length === 0
      ? html`<p>${l.noTeams}</p>`
      : html`<ul class="records">${teams.map((t) => html`<li data-team="${t.id}"><strong>${t.name?.[lang] ?? '–'}</strong>${leave(t.id)}</li>`)}</ul>`;
  return html`${notice}${invited}<h2 id="teams">${l.teams}</h2>
${member}`;
}

const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');
