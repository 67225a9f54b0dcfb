/**
 * "You sent one just now": a different order by the same person (name or phone) from a browser whose
 * last order is still open (back, correct the address, send again). It names that order (tracking
 * code, service, whose it is masked, status) and
 * offers two plain form posts, each carrying the order as typed (hidden) and the choice
 * (`resubmit`): put this one in its place (the first is cancelled), or keep both. A first order a
 * team has already taken is not cancelled here: the page says so and points to the station.
 */
import type { LocalizedText } from '#shared/domain/catalog';
import { formatTrackingCode } from '#shared/domain/identifiers';
import type { AlreadySent, Resubmit } from '#shared/use-cases/submit-request';
import { html } from './html';
import { localized, t, type Lang } from './i18n';
import { layout } from './layout';
import { LOOKUP_PATH, SUBMIT_PATH, withPageOptions } from './links';
import { statusLabel } from './status-words';

/** The choice's hidden field: `replace` or `both` (`Resubmit`). */
export const RESUBMIT_FIELD = 'resubmit';

const texts = {
  title: { zh: '您刚才已提交过一份需求', en: 'You sent a request a moment ago' },
  intro: {
    zh: '您刚才已提交过一份需求（查询码 {code}，{service}，联系人 {name}，电话 {phone}，状态：{status}）。这一份还没有提交。请选择：',
    en: 'You sent a request a moment ago (tracking code {code}, {service}, contact {name}, phone {phone}, status: {status}). This one has not been sent yet. Please choose:',
  },
  replace: { zh: '用这份替换刚才那份', en: 'Send this one instead of the earlier one' },
  replaceHint: {
    zh: '刚才那份会被取消，只保留这一份。改了地址、电话等写错的地方，请选这个。',
    en: 'The earlier request is cancelled and only this one is kept. Choose this if you corrected a mistake, such as the address.',
  },
  both: { zh: '两份都要', en: 'Keep both' },
  bothHint: {
    zh: '刚才那份保留，这一份另外提交，是两份不同的需求。',
    en: 'The earlier request stays, and this one is sent as a separate request.',
  },
  taken: {
    zh: '刚才那份已有服务队接单，不能在网上替换，也没有取消。如果刚才那份有写错的地方，请致电社区服务站。',
    en: 'A team has already accepted the earlier request, so it cannot be replaced here and has not been cancelled. If something in it is wrong, please call your community service station.',
  },
} satisfies Record<string, LocalizedText>;

export interface ResubmitPageInput {
  readonly answer: AlreadySent;
  readonly serviceName: LocalizedText;
  /** The posted order's fields as sent (the form key included), to send again with the choice. */
  readonly values: Readonly<Record<string, string | readonly string[]>>;
  readonly lang: Lang;
  readonly large: boolean;
}

export function renderResubmitChoice(input: ResubmitPageInput): string {
  const { lang, large, answer } = input;
  const { alreadySent } = answer;
  const say = (text: LocalizedText, vars: Readonly<Record<string, string>> = {}) =>
    Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, () => v), localized(text, lang));
  const code = formatTrackingCode(alreadySent.trackingCode);
  const action = withPageOptions(SUBMIT_PATH, { lang, large });
  const hidden = Object.entries(input.values)
    .filter(([name]) => name !== RESUBMIT_FIELD)
    .flatMap(([name, value]) =>
      (typeof value === 'string' ? [value] : value).map((v) => html`<input type="hidden" name="${name}" value="${v}">`),
    );
  const choice = (resubmit: Resubmit, label: LocalizedText, hint: LocalizedText, secondary: boolean) =>
    html`<form method="post" action="${action}" class="apart">${hidden}<input type="hidden" name="${RESUBMIT_FIELD}" value="${resubmit}"><button type="submit"${secondary ? html` class="secondary"` : ''}>${say(label)}</button><p>${say(hint)}</p></form>`;
  const canReplace = alreadySent.replaceable && !answer.refused;
  const body = html`<h1>${say(texts.title)}</h1>
<p>${say(texts.intro, { code, service: localized(input.serviceName, lang), ...alreadySent.contact, status: statusLabel(alreadySent.status, lang) })}</p>
${canReplace ? '' : html`<div class="notice" role="alert"><p>${say(texts.taken)}</p></div>`}
${canReplace ? choice('replace', texts.replace, texts.replaceHint, false) : ''}
${choice('both', texts.both, texts.bothHint, canReplace)}
<p><a href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupTitle')}</a></p>`;
  // Answers a POST: no language switch (it cannot be fetched again).
  return layout({ lang, large, title: say(texts.title), body, private: true });
}
