/** Links that keep the reader's language and type size. */
import { offerLinkQuery, type OfferLinkParams } from '#shared/domain/offer-link';
import type { Lang } from './i18n';

export interface PageOptions {
  readonly lang: Lang;
  readonly large: boolean;
}

/** The path of the resident form (GET /, see shared/topology/topology.ts). */
export const FORM_PATH = '/';
export const SUBMIT_PATH = '/requests';
/** The status page's cancel question: the first tap on cancel comes back to `…#cancel-confirm`. */
export const CANCEL_CONFIRM_ID = 'cancel-confirm';
/** The team's and the admins' consoles (in their own file, which the consoles' browser scripts import too). */
export { ADMIN_CONSOLE_PATH, LOOKUP_PATH, TEAM_CONSOLE_PATH } from './console-paths';

const placeholderOrigin = 'http://placeholder.invalid';

/**
 * Where to go after signing in (`?next=`): a path of this site and nothing else, so the
 * parameter cannot send anyone to another site (an open redirect): one leading `/` (not `//` nor
 * `/\`), then path characters only, no query, no scheme or host; at most a plain fragment (`#claims`,
 * a section of the page). Anything else is undefined (the caller's own page then).
 */
export function localNextPath(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 200 && /^\/(?![/\\])[A-Za-z0-9\-._~%/]*(?:#[A-Za-z0-9-]+)?$/.test(value)
    ? value
    : undefined;
}

/**
 * `url` with `lang` and `size` set to `options`, other query parameters (the access token, a
 * preselected area) kept. Defaults (zh, standard size) are left out to keep links short.
 * Relative urls stay relative.
 */
export function withPageOptions(url: string, options: PageOptions, extra: Readonly<Record<string, string | undefined>> = {}): string {
  const parsed = new URL(url, placeholderOrigin);
  const query = parsed.searchParams;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined || value === '') query.delete(name);
    else query.set(name, value);
  }
  if (options.lang === 'en') query.set('lang', 'en');
  else query.delete('lang');
  if (options.large) query.set('size', 'large');
  else query.delete('size');
  const search = query.toString();
  const tail = `${parsed.pathname}${search ? `?${search}` : ''}${parsed.hash}`;
  return parsed.origin === placeholderOrigin ? tail : `${parsed.origin}${tail}`;
}

/** The pages and form actions of a team's signed link, keeping the reader's language and size. */
export function offerPageUrls(origin: string, requestId: string, link: OfferLinkParams, options: PageOptions) {
  const id = encodeURIComponent(requestId);
  const query = offerLinkQuery(link);
  const keep = (path: string) => withPageOptions(`${origin}${path}?${query}`, options);
  return {
    selfUrl: keep(`/offers/${id}`),
    acceptUrl: keep(`/offers/${id}/accept`),
    declineUrl: keep(`/offers/${id}/decline`),
    completeUrl: keep(`/requests/${id}/complete`),
  };
}
