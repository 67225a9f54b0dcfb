/**
 * Registering oneself as a volunteer (自主注册), plain forms without JavaScript: the home
 * community (the same picker as the order form, in GET steps), then the phone, then the code from
 * the SMS with one's name. The pages never say whether a phone was registered before.
 */
import type { FieldIssue } from '#shared/domain/errors';
import { SIGN_IN_CODE_MINUTES } from '#shared/domain/notice-text';
import type { AreaChoice, PlacedArea } from '#shared/use-cases/pick-area';
import { areaPicker, placePath } from './area-picker';
import { errorSummary, textInput } from './form-fields';
import { html, type SafeHtml } from './html';
import type { Lang } from './i18n';
import { translateIssue } from './issue-words';
import { layout } from './layout';
import { formatShanghaiTime } from './time';
import { withPageOptions } from './links';
import { ME_REGISTER_CODE_PATH, ME_REGISTER_PATH } from './volunteer-paths';

const texts = {
  zh: {
    title: '登记成为志愿者',
    intro: '先找到您住的社区或村，再用手机号接收验证码完成登记。登记后可以加入服务队，服务时长和积分记在您名下。',
    community: '所在社区',
    change: '换一个',
    phone: '手机号',
    phoneHint: '例如 13812345678',
    sendCode: '发送验证码',
    codeSent: `验证码短信已发出，${SIGN_IN_CODE_MINUTES} 分钟内有效。`,
    codeRefused: `请输入收到的最新一条验证码，每条发出后 ${SIGN_IN_CODE_MINUTES} 分钟内有效。如果它已过期或没有收到，请点“重新获取验证码”。`,
    resend: '重新获取验证码',
    codeLive: (at: string) =>
      `不久前已向这个手机号发过验证码。请输入收到的最新一条，每条发出后 ${SIGN_IN_CODE_MINUTES} 分钟内有效。如果没有收到，请在 ${at} 后重新获取。`,
    code: '短信验证码',
    codeHint: '6 位数字',
    name: '姓名',
    nameHint: '与证件上一致，证明上印这个名字',
    volunteerNumber: '全国志愿服务信息系统的志愿者编号',
    register: '登记',
    errors: '请修改以下内容：',
    limited: '请求太频繁，请稍后再试。',
    limitedUntil: (at: string) => `请求太频繁，请在 ${at} 后再试。`,
    spent: (at: string) => `今天的登记验证码短信已经发完，请在 ${at} 后再试。已经登记过的志愿者仍可直接登录。`,
    unavailable: '短信暂时发不出，请稍后再试，或联系社区。',
    signInInstead: '已经登记过？直接登录',
  },
  en: {
    title: 'Register as a volunteer',
    intro:
      'Find the community or village you live in, then confirm your mobile number with a code to register. Then teams can add you, and your hours and points are yours.',
    community: 'Your community',
    change: 'Change',
    phone: 'Mobile number',
    phoneHint: 'For example 13812345678',
    sendCode: 'Send a code',
    codeSent: `A code was sent by SMS. It is valid for ${SIGN_IN_CODE_MINUTES} minutes.`,
    codeRefused: `Enter the newest code you received; each is valid for ${SIGN_IN_CODE_MINUTES} minutes after it was sent. If it has expired or none arrived, press "Get a new code".`,
    resend: 'Get a new code',
    codeLive: (at: string) =>
      `A code was sent to this number a short while ago. Enter the newest one you received; each is valid for ${SIGN_IN_CODE_MINUTES} minutes after it was sent. If none arrived, ask again after ${at}.`,
    code: 'Code from the SMS',
    codeHint: '6 digits',
    name: 'Name',
    nameHint: 'As on your identity document; certificates print it',
    volunteerNumber: 'Your national volunteer number',
    register: 'Register',
    errors: 'Please correct the following:',
    limited: 'Too many requests; please try again later.',
    limitedUntil: (at: string) => `Too many requests; please try again after ${at}.`,
    spent: (at: string) =>
      `Today's registration codes have all been sent; please try again after ${at}. Registered volunteers can still sign in.`,
    unavailable: 'Our text messages cannot be sent just now; please try again later, or ask your community.',
    signInInstead: 'Registered already? Sign in',
  },
} as const;

type Field = 'phone' | 'code' | 'name' | 'volunteerNumber' | 'homeAreaId';

export interface RegisterPageInput {
  readonly lang: Lang;
  readonly large: boolean;
  /** The community chosen (the picker's `?area=`, or the posted `homeAreaId`) with its lineage; the picker while there is none. */
  readonly place?: PlacedArea;
  /** The picker's step (`areaChoice`), read when there is no community. */
  readonly picker?: AreaChoice;
  /** `code`: the code was sent to `values.phone` (with `issues`: that step refused; the code is asked for again). */
  readonly step: 'phone' | 'code';
  readonly values?: Partial<Record<Field, string>>;
  readonly issues?: readonly FieldIssue[];
  /** Refused for a limit (`limited`), for the deployment's day of registration codes (`spent`), or by the SMS provider for a cause not the number's (`unavailable`). */
  readonly limited?: boolean | 'spent' | 'unavailable';
  /** When asking for a code is allowed again (ISO), after a refusal: said with `limited`, and on the code step of `live`. */
  readonly retryAt?: string;
  /** `code` step: a new code was refused, but one sent a short while ago is still live (enter the newest). */
  readonly live?: boolean;
  /**
   * Where registering leads (a local path, `localNextPath`): carried by every step, the picker's
   * links and search, the forms, the language switch and the sign-in link; their page when absent.
   */
  readonly next?: string;
}

export function renderRegisterPage(input: RegisterPageInput): string {
  const { lang, large } = input;
  const l = texts[lang];
  const options = { lang, large };
  const next = { next: input.next };
  const community = input.place?.area;
  const issues = input.issues ?? [];
  const values = input.values ?? {};
  const retryAt = input.retryAt ? formatShanghaiTime(input.retryAt, lang) : undefined;
  const limited = !input.limited
    ? undefined
    : input.limited === 'unavailable'
      ? l.unavailable
      : !retryAt
        ? l.limited
        : input.limited === 'spent'
          ? l.spent(retryAt)
          : l.limitedUntil(retryAt);
  const errorOf = (field: Field) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? translateIssue(issue.message, lang) : undefined;
  };
  const labelOf = (field: string): string => (field in l ? String(l[field as keyof typeof l]) : field);
  const field = (name: Field, required: boolean, hint: string, options: Record<string, string | number>) =>
    textInput(
      {
        name,
        label: labelOf(name === 'homeAreaId' ? 'community' : name),
        hint,
        lang,
        required,
        enforced: required,
        values: [values[name] ?? ''],
        ...(errorOf(name) ? { error: errorOf(name)! } : {}),
      },
      options,
    );
  const summary = errorSummary({
    lang,
    heading: l.errors,
    issues,
    labelOf: (f) => labelOf(f === 'homeAreaId' ? 'community' : f),
    ...(limited ? { limited } : {}),
  });

  let body: SafeHtml;
  if (!community) {
    body = html`${areaPicker(input.picker ?? { trail: [], choices: [] }, options, input.next ? { next: input.next } : {}, ME_REGISTER_PATH)}`;
  } else {
    const chosen = html`<p class="status">${l.community}${lang === 'zh' ? '：' : ': '}<strong>${placePath(input.place, lang)}</strong> <a href="${withPageOptions(ME_REGISTER_PATH, options, next)}">${l.change}</a></p>`;
    const hidden = html`<input type="hidden" name="homeAreaId" value="${community.id}">`;
    body =
      input.step === 'phone'
        ? html`${chosen}
<form method="post" action="${withPageOptions(ME_REGISTER_CODE_PATH, options, next)}">
${hidden}
${field('phone', true, l.phoneHint, { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 })}
<button type="submit">${l.sendCode}</button>
</form>`
        : html`${chosen}
<p class="notice">${input.live ? l.codeLive(retryAt ?? '') : issues.length > 0 ? l.codeRefused : l.codeSent}</p>
<form method="post" action="${withPageOptions(ME_REGISTER_PATH, options, next)}">
${hidden}<input type="hidden" name="phone" value="${values.phone ?? ''}">
${field('code', true, l.codeHint, { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 8 })}
${field('name', true, l.nameHint, { autocomplete: 'name', maxlength: 40 })}
${field('volunteerNumber', false, '', { maxlength: 30, autocomplete: 'off' })}
<button type="submit">${l.register}</button>
<p class="apart"><button type="submit" class="secondary" formaction="${withPageOptions(ME_REGISTER_CODE_PATH, options, next)}" formnovalidate>${l.resend}</button></p>
</form>`;
  }
  return layout({
    lang,
    large,
    title: l.title,
    body: html`<h1>${l.title}</h1>
<p>${l.intro}</p>
${summary}
${body}
<p><a href="${withPageOptions('/me', options, next)}">${l.signInInstead}</a></p>`,
    switchUrl: withPageOptions(ME_REGISTER_PATH, options, { area: community?.id, ...next }),
  });
}
