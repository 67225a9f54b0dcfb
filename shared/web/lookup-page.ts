/**
 * Finding a request again without the private link: the tracking code and the last four
 * digits of the phone (a plain form, no JavaScript). A mismatch gets one message whatever was
 * wrong, so the page never tells whether a code exists.
 */
import type { FieldIssue } from '#shared/domain/errors';
import { fieldId, textInput } from './form-fields';
import { html } from './html';
import { t, type Lang, type TextKey } from './i18n';
import { layout } from './layout';
import { FORM_PATH, LOOKUP_PATH, withPageOptions } from './links';

export interface LookupPageInput {
  readonly lang: Lang;
  readonly large: boolean;
  /** What was typed, after a refused post. */
  readonly values?: { readonly code?: string; readonly phone4?: string };
  /** Malformed input (not 8 digits, not 4 digits), by field. */
  readonly issues?: readonly FieldIssue[];
  /** Well-formed, but no request has this code and these digits (or the code is unknown). */
  readonly notFound?: boolean;
}

const fields = [
  { name: 'code', label: 'lookupCodeLabel', hint: 'lookupCodeHint', invalid: 'lookupCodeInvalid', maxlength: 12 },
  { name: 'phone4', label: 'lookupPhoneLabel', hint: 'lookupPhoneHint', invalid: 'lookupPhoneInvalid', maxlength: 8 },
] as const satisfies ReadonlyArray<{ name: string; label: TextKey; hint: TextKey; invalid: TextKey; maxlength: number }>;

export function renderLookupPage(input: LookupPageInput): string {
  const { lang, large } = input;
  const bad = new Set((input.issues ?? []).map((i) => i.field));
  const problems = fields.filter((f) => bad.has(f.name));
  const summary = input.notFound
    ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus><p>${t(lang, 'lookupNotFound')}</p></div>`
    : problems.length > 0
      ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${t(lang, 'errorSummaryTitle')}</h2>
<ul>${problems.map((f) => html`<li><a href="#${fieldId(f.name)}">${t(lang, f.label)}${lang === 'zh' ? '：' : ': '}${t(lang, f.invalid)}</a></li>`)}</ul>
</div>`
      : '';
  const controls = fields.map((f) =>
    textInput(
      {
        name: f.name,
        label: t(lang, f.label),
        hint: t(lang, f.hint),
        lang,
        required: true,
        enforced: true,
        values: [input.values?.[f.name] ?? ''],
        ...(bad.has(f.name) ? { error: t(lang, f.invalid) } : {}),
      },
      { inputmode: 'numeric', autocomplete: 'off', maxlength: f.maxlength },
    ),
  );
  const body = html`<h1>${t(lang, 'lookupTitle')}</h1>
${summary}
<p>${t(lang, 'lookupIntro')}</p>
<form method="post" action="${withPageOptions(LOOKUP_PATH, { lang, large })}">
${controls}
<button type="submit">${t(lang, 'lookupButton')}</button>
</form>
<p><a class="big-link" href="${withPageOptions(FORM_PATH, { lang, large })}">${t(lang, 'home')}</a></p>`;
  const refused = input.notFound || problems.length > 0;
  return layout({
    lang,
    large,
    title: `${refused ? t(lang, 'errorPrefix') : ''}${t(lang, 'lookupTitle')}`,
    body,
    switchUrl: LOOKUP_PATH,
    private: true,
  });
}
