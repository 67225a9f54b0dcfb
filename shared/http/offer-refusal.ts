/**
 * A refused answer or report on a team's offer page, told in the team's words: the offer page
 * again with the reason at its top (expired, taken back, an earlier link, no longer the team's
 * order: the console's words, `error-words.ts`), or, when the link itself is not good (cut off in
 * a chat, forged), a page that sends the team to its console rather than to the resident's form.
 */
import type { LocalizedText } from '#shared/domain/catalog';
import type { OfferLinkParams } from '#shared/domain/offer-link';
import { type ViewDeps, viewTeamOffer } from '#shared/use-cases/team-offer';
import { errorMessage } from '#shared/web/browser/common/error-words';
import { TEAM_CONSOLE_PATH } from '#shared/web/console-paths';
import { renderErrorPage } from '#shared/web/error-page';
import { fillText } from '#shared/web/i18n';
import { offerPageUrls } from '#shared/web/links';
import { completionFormValues, parseMinutes } from '#shared/web/completion-form';
import { renderOfferPage } from '#shared/web/offer-page';
import { teamConsoleTexts } from '#shared/web/team-console-texts';
import { errorBody, errorHeaders, statusOf } from './error-response';
import { linkParamsOf } from './offer-links';
import { pageOptions } from './page-options';
import type { HttpRequest } from './request';
import type { HttpResult } from './response';

const cutOff = {
  title: { zh: '派单链接无效', en: 'This offer link does not work' },
  message: {
    zh: '链接可能不完整（在聊天里被截断）或已经失效。请打开派单通知里的完整链接，或登录服务队工作台查看本队的派单和订单。',
    en: 'The link may be cut short (in a chat) or no longer valid. Open the whole link from the offer notice, or sign in to the team console to see your offers and orders.',
  },
  back: { zh: '服务队工作台', en: 'Team console' },
};

/**
 * For a handler's `htmlError`: undefined (the generic page) for anything but a refusal of a link's
 * page or step. A link with its team or version but no whole `sig`, the last parameter and the
 * first a chat cuts off, is refused as forged and gets the cut-off page.
 */
export async function offerRefusalPage(
  deps: ViewDeps,
  error: unknown,
  request: HttpRequest,
  hint?: LocalizedText,
): Promise<HttpResult | undefined> {
  const status = statusOf(error);
  const link = linkParamsOf(request);
  const linked = link.team !== undefined || link.v !== undefined || link.sig !== undefined;
  if ((status !== 404 && status !== 409) || !linked || request.headers.authorization) return undefined;
  const options = pageOptions(request);
  const { lang } = options;
  const id = request.pathParameters.id ?? '';
  const view = await viewTeamOffer(deps, id, link).catch(() => undefined);
  if (!view) {
    const back = { href: TEAM_CONSOLE_PATH, label: cutOff.back };
    return { status, html: renderErrorPage({ status, ...cutOff, back, ...options }), headers: errorHeaders(error) };
  }
  const { code, message } = errorBody(error).error;
  const words = teamConsoleTexts[lang];
  const notice = errorMessage({ status, code, message }, lang, (key) => words[key]);
  const urls = offerPageUrls(request.origin, id, link as OfferLinkParams, options);
  const noticeHint = hint?.[lang];
  return {
    status,
    html: renderOfferPage({ view, ...urls, ...options, notice, ...(noticeHint ? { noticeHint } : {}) }),
    headers: errorHeaders(error),
  };
}

/** Under a refused completion report (409: a teammate reported first, the order changed): where to get hours added. */
const ADD_HOURS: LocalizedText = { zh: '如需补记时长，请联系服务站', en: 'To add hours that are missing, call the station' };

/** What the refused form carried, as typed ("张阿姨 40 分钟"), in the team console's words, so the team can give it to the station. */
function typedHours(body: unknown): LocalizedText | undefined {
  const rows = completionFormValues(body).rows.filter((row) => row.volunteer.trim() || row.minutes.trim());
  if (!rows.length) return undefined;
  const typed = (lang: 'zh' | 'en') => {
    const words = teamConsoleTexts[lang];
    const listed = rows.map((row) =>
      fillText(words.typedRow, { name: row.volunteer.trim(), minutes: String(parseMinutes(row.minutes) ?? row.minutes.trim()) }),
    );
    return fillText(words.typedHours, { rows: listed.join(lang === 'zh' ? '、' : ', ') });
  };
  return { zh: typed('zh'), en: typed('en') };
}

/**
 * A refused completion report by link: as any refused step (`offerRefusalPage`), a 409 also saying
 * whom to ask for missing hours, and the rows the form carried (they are not on the page again).
 */
export function completionRefusalPage(deps: ViewDeps, error: unknown, request: HttpRequest): Promise<HttpResult | undefined> {
  const hint = statusOf(error) === 409 ? (request.bodyKind === 'form' && typedHours(request.body)) || ADD_HOURS : undefined;
  return offerRefusalPage(deps, error, request, hint);
}
