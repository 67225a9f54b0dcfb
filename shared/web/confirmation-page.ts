/**
 * After a successful post (the caller answers 201): the tracking code, big, and the private
 * status link. The link carries the access token, so the page is kept out of search engines and
 * sends no referrer to another origin (`same-origin`); it shows no personal data.
 */
import { formatTrackingCode } from '#shared/domain/identifiers';
import type { SubmittedRequest } from '#shared/use-cases/submit-request';
import { html } from './html';
import { t, type Lang } from './i18n';
import { layout } from './layout';
import { LOOKUP_PATH, withPageOptions } from './links';

export interface ConfirmationInput {
  readonly submitted: SubmittedRequest;
  /** The status page url, access token included. */
  readonly statusUrl: string;
  readonly lang: Lang;
  readonly large: boolean;
  /** A micro-wish (matching mode `claim`): reviewed, then on the wall for volunteers to claim; no team is arranged. */
  readonly wish?: boolean;
  /** The tracking code of the order this one replaced, which is now cancelled. */
  readonly replaced?: string;
  /** The order this one was sent in place of, which still stands: a team took it meanwhile (`taken`), or its cancel failed. */
  readonly notReplaced?: { readonly trackingCode: string; readonly taken: boolean };
}

const replacedText = (code: string) => ({
  zh: `刚才那份需求（查询码 ${code}）已取消，只保留这一份。`,
  en: `Your earlier request (tracking code ${code}) is cancelled; only this one is kept.`,
});
// Its status link is not known to this page: the resident has it from when they sent it, or calls the station.
const notReplacedText = (code: string, taken: boolean) =>
  taken
    ? {
        zh: `刚才那份需求（查询码 ${code}）已有服务队接单，没有取消，仍然有效：现在两份都在。如果刚才那份不需要了，请致电社区服务站。`,
        en: `A team has already accepted your earlier request (tracking code ${code}), so it was not cancelled and still stands: both requests are open. If you no longer need it, please call your community service station.`,
      }
    : {
        zh: `刚才那份需求（查询码 ${code}）没能取消，仍然有效：现在两份都在。如果刚才那份不需要了，请用提交它时的专用链接取消，或致电社区服务站。`,
        en: `Your earlier request (tracking code ${code}) could not be cancelled and still stands: both requests are open. If you no longer need it, cancel it with the private link you got when you sent it, or call your community service station.`,
      };

export function renderConfirmation(input: ConfirmationInput): string {
  const { lang, large, submitted } = input;
  const statusUrl = withPageOptions(input.statusUrl, { lang, large });
  const { notReplaced } = input;
  const replaced = input.replaced
    ? html`<p class="notice">${replacedText(formatTrackingCode(input.replaced))[lang]}</p>`
    : notReplaced
      ? html`<div class="notice" role="alert"><p>${notReplacedText(formatTrackingCode(notReplaced.trackingCode), notReplaced.taken)[lang]}</p></div>`
      : '';
  const body = html`<h1>${t(lang, 'confirmTitle')}</h1>
${replaced}
<div class="panel">
<p>${t(lang, 'trackingCodeLabel')}</p>
<p><strong class="code">${formatTrackingCode(submitted.trackingCode)}</strong></p>
<p>${t(lang, 'rememberCode')} <a href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupTitle')}</a></p>
</div>
<p>${t(lang, input.wish ? 'nextStepsWish' : 'nextSteps')}</p>
<h2>${t(lang, 'statusLink')}</h2>
<p>${t(lang, 'statusLinkIntro')}</p>
<p><a class="big-link" href="${statusUrl}">${t(lang, 'statusLink')}</a></p>
<p>${t(lang, 'copyLabel')}</p>
<p class="copy">${statusUrl}</p>`;
  // No language switch: this page answers a POST and cannot be fetched again; the status page has one.
  return layout({ lang, large, title: t(lang, 'confirmTitle'), body, private: true });
}

/**
 * The same content sent again within the window from another address: it was sent before, here
 * is its tracking code (how to look it up), but not its private link, which only its sender got.
 */
export function renderSentBefore(input: { readonly trackingCode: string; readonly lang: Lang; readonly large: boolean }): string {
  const { lang, large } = input;
  const body = html`<h1>${t(lang, 'sentBeforeTitle')}</h1>
<p>${t(lang, 'sentBeforeIntro')}</p>
<div class="panel">
<p>${t(lang, 'trackingCodeLabel')}</p>
<p><strong class="code">${formatTrackingCode(input.trackingCode)}</strong></p>
<p>${t(lang, 'rememberCode')} <a href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupTitle')}</a></p>
</div>
<p>${t(lang, 'sentBeforeNoLink')}</p>`;
  return layout({ lang, large, title: t(lang, 'sentBeforeTitle'), body, private: true });
}
