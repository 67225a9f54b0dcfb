/** A plain error page in the reader's language, with a way back to the form (or where `back` says). */
import type { LocalizedText } from '#shared/domain/catalog';
import { html } from './html';
import { t, type Lang } from './i18n';
import { layout } from './layout';
import { FORM_PATH, withPageOptions } from './links';

export interface ErrorPageInput {
  /** The HTTP status; the caller sets it on the response. */
  readonly status: number;
  readonly title: LocalizedText | string;
  /** A plain string is the API's own message, which is English: a Chinese page marks it so (`lang="en"`). */
  readonly message: LocalizedText | string;
  readonly lang: Lang;
  readonly large: boolean;
  /** Where the way back goes, when not to the resident's form (a team's page goes to its console). */
  readonly back?: { readonly href: string; readonly label: LocalizedText };
}

export function renderErrorPage(input: ErrorPageInput): string {
  const { lang, large } = input;
  const text = (value: LocalizedText | string) => (typeof value === 'string' ? value : value[lang]);
  const title = text(input.title);
  const body = html`<h1>${title}</h1>
<p${typeof input.message === 'string' && lang !== 'en' ? html` lang="en"` : ''}>${text(input.message)}</p>
<p>${t(lang, 'errorHelp')}</p>
<p><a class="big-link" href="${withPageOptions(input.back?.href ?? FORM_PATH, { lang, large })}">${input.back ? input.back.label[lang] : t(lang, 'home')}</a></p>
<p class="hint">${t(lang, 'errorCode')}${lang === 'zh' ? '：' : ': '}${input.status}</p>`;
  return layout({ lang, large, title, body, private: true });
}
