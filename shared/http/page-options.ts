import type { HttpRequest } from './request';

/** Language and type size of a page, from `?lang=en` and `?size=large`. */
export function pageOptions(request: Pick<HttpRequest, 'query'>): { lang: 'zh' | 'en'; large: boolean } {
  return { lang: request.query.lang === 'en' ? 'en' : 'zh', large: request.query.size === 'large' };
}
