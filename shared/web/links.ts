/** Links that keep the reader's language and type size. */
import type { Lang } from './i18n';

export interface PageOptions {
  readonly lang: Lang;
  readonly large: boolean;
}

/** The path of the resident form (GET /, see infra/topology.ts). */
export const FORM_PATH = '/';
export const SUBMIT_PATH = '/requests';

const placeholderOrigin = 'http://placeholder.invalid';

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
