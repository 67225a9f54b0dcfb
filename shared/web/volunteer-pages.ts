/**
 * The volunteer's own pages (我的志愿服务), plain forms without JavaScript: the phone, then the
 * code from the SMS, then their hours, points and services. The sign-in pages never say whether
 * a phone is registered.
 */
import type { FieldIssue } from '#shared/domain/errors';
import { SIGN_IN_CODE_MINUTES } from '#shared/domain/notice-text';
import { ledgerPoints } from '#shared/domain/points';
import type { MyVolunteerPage } from '#shared/use-cases/my-volunteer-page';
import { type MyClaimsFlags, myClaimsSection } from './my-claims';
import { type MyTeamsFlags, myTeamsSection } from './my-teams';
import type { MyInvitation } from '#shared/use-cases/team-invitations';
import { ME_REGISTER_PATH, myCertificatePathOf } from './volunteer-paths';
import { correctedMark } from './certificate-pages';
import { errorSummary, textInput } from './form-fields';
import { html, type SafeHtml } from './html';
import type { Lang } from './i18n';
import { translateIssue } from './issue-words';
import { layout } from './layout';
import { formatShanghaiTime } from './time';
import { withPageOptions } from './links';

export const ME_PATH = '/me';
export const ME_CODE_PATH = '/me/code';
export const ME_SIGN_IN_PATH = '/me/sign-in';
export const ME_SIGN_OUT_PATH = '/me/sign-out';
export const ME_PHONE_CODE_PATH = '/me/phone/code';
export const ME_PHONE_PATH = '/me/phone';
/** `?phone=changed|unchanged` on their page: the outcome of changing their phone, said in its section. */
export const PHONE_NOTICE_PARAMETER = 'phone';
export type PhoneNotice = 'changed' | 'unchanged';
/**
 * `?unsent=report` on the sign-in: a claim's report was posted signed out and not sent;
 * `?unsent=phone`: a change of phone was posted signed out (perhaps a second tap after the change
 * ended the session): each said on the page.
 */
export const UNSENT_PARAMETER = 'unsent';

const texts = {
  zh: {
    title: '我的志愿服务',
    intro: '用登记志愿者时留的手机号登录，查看您的服务时长、积分和兑换记录。',
    reportUnsent: '您已退出登录，刚才填写的完成情况没有提交，请登录后重新填写。',
    phoneUnsent: '您已退出登录。如果您刚刚更换了手机号，请用新号码登录。',
    phone: '手机号',
    phoneHint: '例如 13812345678',
    sendCode: '发送验证码',
    codeSent: `如果这个手机号已登记为志愿者，我们正在向它发送验证码短信，${SIGN_IN_CODE_MINUTES} 分钟内有效。如果 ${SIGN_IN_CODE_MINUTES} 分钟内没有收到，请重新获取。`,
    codeLive: (at: string) =>
      `不久前已向这个手机号发过验证码（如果它已登记为志愿者）。请输入收到的最新一条，每条发出后 ${SIGN_IN_CODE_MINUTES} 分钟内有效。如果没有收到，请在 ${at} 后重新获取。`,
    codeRefused: `请输入收到的最新一条验证码，每条发出后 ${SIGN_IN_CODE_MINUTES} 分钟内有效。如果它已过期或没有收到，请点“重新获取验证码”。`,
    resend: '重新获取验证码',
    limitedUntil: (at: string) => `请求太频繁，请在 ${at} 后再试。`,
    soon: '几分钟',
    code: '短信验证码',
    codeHint: '6 位数字',
    signIn: '登录',
    otherPhone: '换一个手机号',
    registerLink: '还没有登记为志愿者？在这里登记',
    errors: '请修改以下内容：',
    limited: '请求太频繁，请稍后再试。',
    signOut: '退出登录',
    hours: '服务时长',
    hoursUnit: '小时',
    pointsEarned: '获得积分',
    pointsSpent: '已兑换积分',
    balance: '可用积分',
    services: '服务记录',
    noServices: '还没有服务记录。',
    voided: '已撤销',
    corrected: '工作人员更正',
    redemptions: '兑换记录',
    noRedemptions: '还没有兑换记录。',
    pickupCode: '取货码',
    volunteerNumber: '志愿者编号',
    date: '日期',
    service: '服务',
    team: '服务队',
    points: '积分',
    item: '物品',
    certificates: '志愿服务记录证明',
    noCertificates: '还没有出具的证明。需要证明时，请联系志愿服务中心。',
    revoked: '已撤销',
    open: '查看和打印',
    changeTitle: '更换手机号',
    changeIntro: '换了新手机号？填写新号码，我们会向它发送验证码；确认后，以后请用新号码登录。',
    newPhone: '新手机号',
    currentPhone: '现在登录用的手机号',
    changeCodeSent: `验证码短信已发到新手机号，${SIGN_IN_CODE_MINUTES} 分钟内有效。如果没有收到，请重新获取。`,
    changeCodeLive: (at: string) =>
      `不久前已向这个手机号发过验证码。请输入收到的最新一条，每条发出后 ${SIGN_IN_CODE_MINUTES} 分钟内有效。如果没有收到，请在 ${at} 后重新获取。`,
    confirmChange: '确认更换',
    back: '返回我的志愿服务',
    spent: (at: string) => `今天的验证码短信已经发完，请在 ${at} 后再试。`,
    unavailable: '短信暂时发不出，请稍后再试，或联系社区。',
    phoneChanged: '手机号已更换。以后请用新手机号登录。',
    phoneUnchanged: '这就是您现在登记的手机号，没有变化。',
  },
  en: {
    title: 'My volunteer service',
    intro: 'Sign in with the mobile number you registered as a volunteer to see your hours, points and redemptions.',
    reportUnsent: 'You were signed out: the report you filled in was not sent. Please sign in and fill it in again.',
    phoneUnsent: 'You were signed out. If you have just changed your mobile number, sign in with the new one.',
    phone: 'Mobile number',
    phoneHint: 'For example 13812345678',
    sendCode: 'Send a code',
    codeSent: `If this number is registered as a volunteer's, we are sending it a code by SMS, valid for ${SIGN_IN_CODE_MINUTES} minutes. If no SMS arrives within ${SIGN_IN_CODE_MINUTES} minutes, ask for a new code.`,
    codeLive: (at: string) =>
      `A code was sent to this number a short while ago (if it is registered as a volunteer's). Enter the newest one you received; each is valid for ${SIGN_IN_CODE_MINUTES} minutes after it was sent. If none arrived, ask again after ${at}.`,
    codeRefused: `Enter the newest code you received; each is valid for ${SIGN_IN_CODE_MINUTES} minutes after it was sent. If it has expired or none arrived, press "Get a new code".`,
    resend: 'Get a new code',
    limitedUntil: (at: string) => `Too many requests; please try again after ${at}.`,
    soon: 'a few minutes',
    code: 'Code from the SMS',
    codeHint: '6 digits',
    signIn: 'Sign in',
    otherPhone: 'Use another number',
    registerLink: 'Not registered as a volunteer yet? Register here',
    errors: 'Please correct the following:',
    limited: 'Too many requests; please try again later.',
    signOut: 'Sign out',
    hours: 'Hours served',
    hoursUnit: 'h',
    pointsEarned: 'Points earned',
    pointsSpent: 'Points spent',
    balance: 'Points available',
    services: 'Services',
    noServices: 'No services yet.',
    voided: 'voided',
    corrected: 'corrected by staff',
    redemptions: 'Redemptions',
    noRedemptions: 'No redemptions yet.',
    pickupCode: 'Pickup code',
    volunteerNumber: 'Volunteer number',
    date: 'Date',
    service: 'Service',
    team: 'Team',
    points: 'Points',
    item: 'Item',
    certificates: 'Service-record certificates',
    noCertificates: 'No certificate issued yet. Ask the volunteer service center when you need one.',
    revoked: 'Revoked',
    open: 'View and print',
    changeTitle: 'Change your mobile number',
    changeIntro: 'Got a new number? Enter it and we send it a code; once confirmed, sign in with the new number.',
    newPhone: 'New mobile number',
    currentPhone: 'The number you sign in with now',
    changeCodeSent: `A code was sent by SMS to the new number. It is valid for ${SIGN_IN_CODE_MINUTES} minutes. If none arrives, ask for a new code.`,
    changeCodeLive: (at: string) =>
      `A code was sent to this number a short while ago. Enter the newest one you received; each is valid for ${SIGN_IN_CODE_MINUTES} minutes after it was sent. If none arrived, ask again after ${at}.`,
    confirmChange: 'Change the number',
    back: 'Back to my volunteer service',
    spent: (at: string) => `Today's text-message codes have all been sent; please try again after ${at}.`,
    unavailable: 'Our text messages cannot be sent just now; please try again later, or ask your community.',
    phoneChanged: 'Your mobile number is changed. Sign in with the new number from now on.',
    phoneUnchanged: 'That is the number you have registered already: nothing changed.',
  },
} as const;

export interface SignInPageInput {
  readonly lang: Lang;
  readonly large: boolean;
  /** A signed-in volunteer changing their phone: the same steps, to `ME_PHONE_CODE_PATH` and `ME_PHONE_PATH`; signing in when absent. */
  readonly flow?: 'phone-change';
  /** `phone`: ask for the number; `code`: the code was asked for this number (with `issues`: a code was refused, none sent). */
  readonly step: 'phone' | 'code';
  readonly phone?: string;
  readonly issues?: readonly FieldIssue[];
  /** Refused for a limit; changing the phone also for the day's SMS codes (`spent`) or by the SMS provider (`unavailable`). */
  readonly limited?: boolean | 'spent' | 'unavailable';
  /**
   * When asking for a code is allowed again (ISO), after a refusal: said with `limited`, and on the
   * code step of `live`.
   */
  readonly retryAt?: string;
  /** `code` step: a new code was refused, but one sent a short while ago is still live (enter the newest). */
  readonly live?: boolean;
  /** Where signing in leads (a local path, `localNextPath`), kept through both steps; their page when absent. */
  readonly next?: string;
  /** `phone` step: what was posted signed out (`UNSENT_PARAMETER`): a claim's report, not sent; a change of phone. */
  readonly unsent?: 'report' | 'phone';
}

const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');

export function renderSignInPage(input: SignInPageInput): string {
  const { lang, large } = input;
  const l = texts[lang];
  const change = input.flow === 'phone-change';
  const title = change ? l.changeTitle : l.title;
  const [codePath, submitPath] = change ? [ME_PHONE_CODE_PATH, ME_PHONE_PATH] : [ME_CODE_PATH, ME_SIGN_IN_PATH];
  const issues = input.issues ?? [];
  const retryAt = input.retryAt && formatShanghaiTime(input.retryAt, lang);
  const errorOf = (field: string) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? translateIssue(issue.message, lang) : undefined;
  };
  const labelOf = (name: string) => (name === 'code' ? l.code : change ? l.newPhone : l.phone);
  const field = (name: 'phone' | 'code', value: string, hint: string, options: Record<string, string | number>) =>
    textInput(
      {
        name,
        label: labelOf(name),
        hint,
        lang,
        required: true,
        enforced: true,
        values: [value],
        ...(errorOf(name) ? { error: errorOf(name)! } : {}),
      },
      options,
    );
  const limited =
    input.limited === 'unavailable'
      ? l.unavailable
      : input.limited
        ? retryAt
          ? input.limited === 'spent'
            ? l.spent(retryAt)
            : l.limitedUntil(retryAt)
          : l.limited
        : undefined;
  const summary = errorSummary({ lang, heading: l.errors, issues, labelOf, ...(limited ? { limited } : {}) });
  const options = { lang, large };
  const next = { next: input.next };
  const codeNotice = change
    ? input.live
      ? l.changeCodeLive(retryAt || l.soon)
      : l.changeCodeSent
    : input.live
      ? l.codeLive(retryAt || l.soon)
      : l.codeSent;
  const form =
    input.step === 'phone'
      ? html`${
          input.unsent
            ? html`<p class="notice">${input.unsent === 'phone' ? l.phoneUnsent : l.reportUnsent}</p>
`
            : ''
        }<p>${change ? l.changeIntro : l.intro}</p>
${phoneForm(input, field('phone', input.phone ?? '', l.phoneHint, PHONE_INPUT))}
<p><a href="${withPageOptions(change ? ME_PATH : ME_REGISTER_PATH, options, next)}">${change ? l.back : l.registerLink}</a></p>`
      : html`<p class="notice">${issues.length > 0 && !input.live ? l.codeRefused : codeNotice}</p>
<form method="post" action="${withPageOptions(submitPath, options, next)}">
<input type="hidden" name="phone" value="${input.phone ?? ''}">
${field('code', '', l.codeHint, { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 8 })}
<button type="submit">${change ? l.confirmChange : l.signIn}</button>
</form>
<p><a href="${withPageOptions(ME_PATH, options, next)}${change ? '#phone' : ''}">${l.otherPhone}</a></p>
<form method="post" action="${withPageOptions(codePath, options, next)}" class="apart">
<input type="hidden" name="phone" value="${input.phone ?? ''}">
<button type="submit" class="secondary">${l.resend}</button>
</form>`;
  return layout({
    lang,
    large,
    title,
    body: html`<h1>${title}</h1>
${summary}
${form}`,
    switchUrl: withPageOptions(ME_PATH, options, next),
  });
}

const PHONE_INPUT = { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 } as const;

/** The phone step's form: the number (`phoneField`, its label, hint and error), to ask for a code for signing in or for the change. */
function phoneForm(input: Pick<SignInPageInput, 'lang' | 'large' | 'flow' | 'next'>, phoneField: SafeHtml): SafeHtml {
  const l = texts[input.lang];
  const path = input.flow === 'phone-change' ? ME_PHONE_CODE_PATH : ME_CODE_PATH;
  return html`<form method="post" action="${withPageOptions(path, { lang: input.lang, large: input.large }, { next: input.next })}">
${phoneField}
<button type="submit">${l.sendCode}</button>
</form>`;
}

/** Their page's 更换手机号 section: the new number's form, and the outcome of a change just made. */
function myPhoneSection(options: { lang: Lang; large: boolean }, current: string, notice: PhoneNotice | undefined): SafeHtml {
  const l = texts[options.lang];
  const phone = textInput(
    { name: 'phone', label: l.newPhone, hint: l.phoneHint, lang: options.lang, required: true, enforced: true, values: [''] },
    PHONE_INPUT,
  );
  return html`<section aria-labelledby="phone"><h2 id="phone">${l.changeTitle}</h2>
${notice ? html`<p class="notice" role="status">${notice === 'changed' ? l.phoneChanged : l.phoneUnchanged}</p>` : ''}
<p>${l.currentPhone}${colon(options.lang)}<strong>${current}</strong></p>
<p>${l.changeIntro}</p>
${phoneForm({ ...options, flow: 'phone-change' }, phone)}
</section>`;
}

const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const number = (n: number) => String(Math.round(n * 100) / 100);
/** Points as the ledger keeps them, every total and line alike, so they add up (review 63): `ledgerPoints`. */
const points = (n: number) => String(ledgerPoints(n));
/** A line's figure: a correction's change signed (+2, -1.5), a void's taken back (-3.5), the others as they are. */
const change = (kind: string, n: number, shown: (n: number) => string) =>
  kind === 'adjust' && n >= 0 ? `+${shown(n)}` : kind === 'void' && n > 0 ? `-${shown(n)}` : shown(n);

export function renderMyPage(input: {
  readonly lang: Lang;
  readonly large: boolean;
  readonly page: MyVolunteerPage;
  /** A refused claim step's notice, a give-up waiting for its second tap (`myClaimsFlags`). */
  readonly claims?: MyClaimsFlags;
  /** Teams' invitations waiting for an answer. */
  readonly invitations?: readonly MyInvitation[];
  /** A team step's notice, a leaving waiting for its second tap (`myTeamsFlags`). */
  readonly teams?: MyTeamsFlags;
  /** The outcome of changing their phone just now (`PHONE_NOTICE_PARAMETER`). */
  readonly phone?: PhoneNotice;
}): string {
  const { lang, large, page } = input;
  const l = texts[lang];
  const options = { lang, large };
  const name = (text: { zh: string; en: string } | undefined) => (text ? text[lang] : '–');
  const body = html`<h1>${l.title}</h1>
<p class="status">${page.name}${page.volunteerNumber ? html` · ${l.volunteerNumber}${colon(lang)}${page.volunteerNumber}` : ''}</p>
<dl class="totals">
<dt>${l.hours}</dt><dd>${number(page.hours)} ${l.hoursUnit}</dd>
<dt>${l.pointsEarned}</dt><dd>${points(page.pointsEarned)}</dd>
<dt>${l.pointsSpent}</dt><dd>${points(page.pointsSpent)}</dd>
<dt>${l.balance}</dt><dd><strong>${points(page.balance)}</strong></dd>
</dl>
${myClaimsSection(page.claims, options, input.claims)}
${myTeamsSection(page.teams, input.invitations ?? [], options, input.teams)}
<h2>${l.services}</h2>
${
  page.services.length === 0
    ? html`<p>${l.noServices}</p>`
    : html`<ul class="records">${page.services.map(
        (s) =>
          html`<li><strong>${shanghaiDate(s.at)}</strong> ${name(s.service)}${s.trackingCode ? html` (${s.trackingCode})` : ''}<br>${name(s.team)} · ${change(s.kind, s.hours, number)} ${l.hoursUnit} · ${l.points} ${change(s.kind, s.points, points)}${
            s.kind === 'void' ? html` · <strong>${l.voided}</strong>` : s.kind === 'adjust' ? html` · <strong>${l.corrected}</strong>` : ''
          }</li>`,
      )}</ul>`
}
<h2>${l.redemptions}</h2>
${
  page.redemptions.length === 0
    ? html`<p>${l.noRedemptions}</p>`
    : html`<ul class="records">${page.redemptions.map(
        (r) =>
          html`<li><strong>${shanghaiDate(r.at)}</strong> ${r.item} · ${l.points} ${points(r.points)}<br>${l.pickupCode}${colon(lang)}<strong class="code">${r.pickupCode}</strong></li>`,
      )}</ul>`
}
<h2>${l.certificates}</h2>
${
  page.certificates.length === 0
    ? html`<p>${l.noCertificates}</p>`
    : html`<ul class="records">${page.certificates.map(
        (c) =>
          html`<li><strong>${c.number}</strong>${c.status === 'revoked' ? html` · <strong>${l.revoked}</strong>` : c.correctedAt ? correctedMark(lang, c.correctedAt) : ''}<br>${c.period.from} – ${c.period.to} · ${number(c.totalHours)} ${l.hoursUnit}<br><a href="${withPageOptions(myCertificatePathOf(c.number), options)}">${l.open}</a></li>`,
      )}</ul>`
}
${myPhoneSection(options, page.phone, input.phone)}
<form method="post" action="${withPageOptions(ME_SIGN_OUT_PATH, options)}"><button type="submit" class="secondary">${l.signOut}</button></form>`;
  return layout({ lang, large, title: l.title, body, switchUrl: withPageOptions(ME_PATH, options) });
}
