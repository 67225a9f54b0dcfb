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
}

const replacedText = (code: string) => ({
  zh: `刚才那份需求（查询码 ${code}）已取消，只保留这一份。`,
  en: `Your earlier request (tracking code ${code}) is cancelled; only this one is kept.`,
});

export function renderConfirmation(input: ConfirmationInput): string {
  const { lang, large, submitted } = input;
  const statusUrl = withPageOptions(input.statusUrl, { lang, large });
  const replaced = input.replaced ? html`<p class="notice">${replacedText(formatTrackingCode(input.replaced))[lang]}</p>` : '';
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
