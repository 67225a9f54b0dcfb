/**
 * The resident's view of their own request. It shows only what `RequestView` holds: the contact
 * masked by the use case and never the address. It offers exactly the actions the view allows
 * (cancel, rate, reopen), as plain form posts that work without JavaScript.
 */
import { staffCancellationText } from '#shared/domain/cancellation-notice';
import { formatTrackingCode } from '#shared/domain/identifiers';
import type { RequestView } from '#shared/use-cases/view-request';
import { html } from './html';
import { t, type Lang } from './i18n';
import { statusExplanation, statusLabel, urgencyLabel } from './status-words';
import { layout } from './layout';
import { CANCEL_CONFIRM_ID, LOOKUP_PATH, withPageOptions } from './links';
import { formatShanghaiTime } from './time';
import { translateIssue } from './issue-words';
import type { FieldIssue } from '#shared/domain/errors';

export interface StatusPageInput {
  readonly view: RequestView;
  readonly lang: Lang;
  readonly large: boolean;
  /** This page's own url, access token included; the language and size switches keep it (none without it). */
  readonly selfUrl?: string;
  /** Where the cancel button posts (access token included); shown only when cancelling is allowed. */
  readonly cancelUrl?: string;
  /** This page asking whether to cancel (the first tap on cancel leads here, the second cancels), and the way back. */
  readonly confirmCancel?: { readonly backUrl: string };
  /** Where the rating form and the reopen button post (access token included). */
  readonly ratingUrl?: string;
  readonly reopenUrl?: string;
  /** Back from an action that was not done, the request having moved on meanwhile. */
  readonly changed?: boolean;
  /** Opened through the tracking code (`/lookup`): progress only, and where to go to act on it. */
  readonly readOnly?: boolean;
  /** A rating the server refused: what was wrong, and what was sent, to fill the form again. */
  readonly refusedRating?: { readonly issues: readonly FieldIssue[]; readonly stars?: string; readonly comment?: string };
}

export function renderStatusPage(input: StatusPageInput): string {
  const { view, lang, large } = input;
  const areaNames = view.area.names.slice(0, 3).map((name) => name[lang]);
  const events = [...view.timeline].sort((a, b) => a.at.localeCompare(b.at));
  const row = (label: string, value: string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const body = html`<h1>${t(lang, 'statusTitle')}</h1>
${input.changed ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${t(lang, 'actionNotDone')}</p></div>` : ''}
${input.readOnly ? html`<div class="notice"><h2>${t(lang, 'readOnlyTitle')}</h2><p>${t(lang, 'readOnlyNotice')}</p></div>` : ''}
<dl>
${row(t(lang, 'trackingCode'), formatTrackingCode(view.trackingCode))}
<dt>${t(lang, 'status')}</dt>
<dd><span class="status">${statusLabel(view.status, lang)}</span><br>${
    view.cancelledByStaff ? staffCancellationText(view.cancelledByStaff.reason)[lang] : statusExplanation(view.status, lang)
  }</dd>
${row(t(lang, 'service'), view.service.name[lang])}
${row(t(lang, 'area'), areaNames.join(lang === 'zh' ? '，' : ', '))}
${row(t(lang, 'urgency'), urgencyLabel(view.urgency, lang))}
${view.team ? row(t(lang, 'team'), view.team.name) : ''}
${view.preferredTime ? row(t(lang, 'preferredTime'), view.preferredTime) : ''}
${
  view.personalDataRemoved
    ? row(t(lang, 'contact'), t(lang, 'personalDataRemoved'))
    : html`${row(t(lang, 'contact'), `${view.contact.name} ${view.contact.phone}`)}
<dt>${t(lang, 'description')}</dt><dd class="pre">${view.detailsUnavailable ? t(lang, 'detailsUnavailable') : view.description}</dd>`
}
</dl>
<h2>${t(lang, 'timeline')}</h2>
${
  events.length === 0
    ? html`<p>${t(lang, 'noTimeline')}</p>`
    : html`<ol class="timeline">${events.map(
        (e) => html`<li><time datetime="${e.at}">${formatShanghaiTime(e.at, lang)}</time><br>${e.message[lang]}</li>`,
      )}</ol>`
}
${view.actions.cancel && input.cancelUrl ? cancelSection(input, input.cancelUrl) : ''}
${
  view.rating
    ? html`<h2>${t(lang, 'yourRating')}</h2><p><span aria-hidden="true">${'★'.repeat(view.rating.stars)}${'☆'.repeat(5 - view.rating.stars)}</span> ${starsOutOfFive(view.rating.stars, lang)}${view.rating.comment ? html`<br>${view.rating.comment}` : ''}</p>`
    : ''
}
${view.actions.rate && input.ratingUrl ? ratingForm(input, input.ratingUrl) : ''}
${
  view.actions.reopen && input.reopenUrl
    ? html`<h2>${t(lang, 'reopenTitle')}</h2>
<form method="post" action="${input.reopenUrl}"><p>${t(lang, 'reopenHint')}</p><button type="submit" name="confirm" value="yes">${t(lang, 'reopenButton')}</button></form>`
    : ''
}
${input.readOnly ? html`<p><a class="big-link" href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupAgain')}</a></p>` : ''}`;
  // A looked-up page answers a POST and has no url of its own to switch on.
  return layout({
    lang,
    large,
    title: t(lang, 'statusTitle'),
    body,
    ...(input.selfUrl ? { switchUrl: input.selfUrl } : {}),
    private: true,
  });
}

/** The rating form; after a refused rating, with what was wrong at its field and what was typed. */
function ratingForm(input: StatusPageInput, ratingUrl: string) {
  const { lang } = input;
  const refused = input.refusedRating;
  const issueOf = (field: string) => refused?.issues.find((i) => i.field === field);
  // No star chosen for the resident: one tap on send must not record marks they never gave.
  const checked = refused?.stars && /^[1-5]$/.test(refused.stars) ? refused.stars : undefined;
  const commentIssue = issueOf('comment');
  const starsIssue = issueOf('stars');
  // Any trouble with the stars (none chosen, or not 1 to 5) asks for one choice, in the page's words.
  const message = (i: FieldIssue) => (i.field === 'stars' ? t(lang, 'rateStarsMissing') : translateIssue(i.message, lang));
  return html`<h2 id="rate">${t(lang, 'rateTitle')}</h2>
${
  refused
    ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus><h3>${t(lang, 'rateRefused')}</h3><ul>${refused.issues.map(
        (i) =>
          html`<li><a href="#${i.field === 'comment' ? 'comment' : 'stars-5'}">${t(lang, i.field === 'comment' ? 'rateComment' : 'rateStars')}${lang === 'zh' ? '：' : ': '}${message(i)}</a></li>`,
      )}</ul></div>`
    : ''
}
<form method="post" action="${ratingUrl}">
<fieldset${starsIssue ? html` class="field-error" aria-describedby="stars-error"` : ''}><legend>${t(lang, 'rateStars')}</legend>
${starsIssue ? html`<p class="error" id="stars-error">${t(lang, 'errorPrefix')}${message(starsIssue)}</p>` : ''}${[5, 4, 3, 2, 1].map(
  (n) =>
    html`<div class="choice"><input type="radio" id="stars-${String(n)}" name="stars" value="${String(n)}"${String(n) === checked ? html` checked` : ''}><label for="stars-${String(n)}"><span aria-hidden="true">${'★'.repeat(n)}</span> ${starCount(n, lang)}</label></div>`,
)}
</fieldset>
<div class="field${commentIssue ? ' field-error' : ''}"><label for="comment">${t(lang, 'rateComment')}</label>
${commentIssue ? html`<p class="error" id="comment-error">${t(lang, 'errorPrefix')}${message(commentIssue)}</p>` : ''}<textarea id="comment" name="comment" maxlength="500" rows="3"${commentIssue ? html` aria-describedby="comment-error" aria-invalid="true"` : ''}>${refused?.comment ?? ''}</textarea></div>
<button type="submit">${t(lang, 'rateButton')}</button>
</form>`;
}

/**
 * Stars as words: the ★ signs are drawn for the eye and hidden from screen readers, which
 * would read each one out ("black star, black star, …").
 */
function starCount(n: number, lang: Lang): string {
  return lang === 'zh' ? `${n} 星` : `${n} ${n === 1 ? 'star' : 'stars'}`;
}

function starsOutOfFive(n: number, lang: Lang): string {
  return lang === 'zh' ? `${n} 星（满分 5 星）` : `${n} of 5 stars`;
}

/**
 * Cancelling cannot be undone, so it takes two taps: the first posts without `confirm` and comes
 * back to this page asking, the second, in red, cancels.
 */
function cancelSection(input: StatusPageInput, cancelUrl: string) {
  const { lang } = input;
  if (input.confirmCancel)
    // Focused on arrival (and the redirect's #cancel-confirm scrolls to it): the question is below the fold on a phone.
    return html`<div class="error-summary" id="${CANCEL_CONFIRM_ID}" role="alert" tabindex="-1" autofocus><h2>${t(lang, 'cancelConfirmTitle')}</h2><p>${t(lang, 'cancelHint')}</p>
<form method="post" action="${cancelUrl}"><button type="submit" class="danger" name="confirm" value="yes">${t(lang, 'cancelConfirmButton')}</button></form>
<p><a class="big-link" href="${input.confirmCancel.backUrl}">${t(lang, 'cancelKeep')}</a></p></div>`;
  return html`<h2>${t(lang, 'cancelTitle')}</h2>
<form method="post" action="${cancelUrl}"><p>${t(lang, 'cancelHint')}</p><button type="submit" class="secondary">${t(lang, 'cancelButton')}</button></form>`;
}
