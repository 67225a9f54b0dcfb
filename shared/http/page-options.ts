import { parseLang, parseLarge } from '#shared/web/i18n';
import { localNextPath } from '#shared/web/links';
import type { HttpRequest } from './request';

/** Language and type size of a page, from `?lang=` (`en`, `EN`, `en-US`, ...) and `?size=large`. */
export function pageOptions(request: Pick<HttpRequest, 'query'>): { lang: 'zh' | 'en'; large: boolean } {
  return { lang: parseLang(request.query), large: parseLarge(request.query) };
}

/**
 * Where signing in or registering leads: `?next=` when `localNextPath` takes it (a path of this
 * site), else undefined (their own page). Each step's page carries it on to the next step.
 */
export function nextPathOf(request: Pick<HttpRequest, 'query'>): string | undefined {
  return localNextPath(request.query.next);
}
