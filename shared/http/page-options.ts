import { parseLang, parseLarge } from '#shared/web/i18n';
import type { HttpRequest } from './request';

/** Language and type size of a page, from `?lang=` (`en`, `EN`, `en-US`, ...) and `?size=large`. */
export function pageOptions(request: Pick<HttpRequest, 'query'>): { lang: 'zh' | 'en'; large: boolean } {
  return { lang: parseLang(request.query), large: parseLarge(request.query) };
}
