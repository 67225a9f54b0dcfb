/** The generic error page a browser gets when no handler-specific page fits. */
import { errorBody, errorHeaders, statusOf } from './error-response';
import type { HttpRequest } from './request';
import type { HttpResult } from './response';
import { renderErrorPage } from '#shared/web/error-page';
import { pageOptions } from './page-options';

const titles: Record<number, { zh: string; en: string }> = {
  400: { zh: '提交的内容有误', en: 'Something in the request is not right' },
  403: { zh: '来自其他网站的提交，未执行', en: 'Refused: sent from another site' },
  404: { zh: '没有找到', en: 'Not found' },
  409: { zh: '状态已变化', en: 'This has changed in the meantime' },
  413: { zh: '内容太长', en: 'Too much text' },
  415: { zh: '无法识别的提交方式', en: 'Unsupported submission' },
  422: { zh: '重复提交的内容不一致', en: 'Repeated submission differs' },
  429: { zh: '提交太频繁，请稍后再试', en: 'Too many attempts; please try again later' },
  500: { zh: '系统暂时出了问题', en: 'Something went wrong on our side' },
  503: { zh: '系统暂时忙不过来', en: 'We are busy right now' },
};

/**
 * What a Chinese reader is told, whichever page it was (pages that know better, such as the
 * status page's and the claims', answer with their own); the API's own message is English, and
 * shown to an English reader.
 */
const explanations: Record<number, string> = {
  400: '提交的内容有一处不对。请返回上一页检查后再试。',
  403: '这次提交不是从本站的页面发出的，所以没有执行。请直接打开本站的页面，再从页面上的按钮提交。',
  // Any page's: a resident, a team or a volunteer may land here.
  404: '链接可能不完整或已经失效。居民查询自己的需求，可用提交时得到的查询码和手机号后 4 位。',
  409: '刚才的操作没有执行：情况在这期间已经变了。请返回上一页，刷新后查看最新情况。',
  413: '填写的内容太长了，请精简后再提交。',
  415: '无法识别的提交方式，请从页面上的按钮提交。',
  422: '同一份提交再次发送时内容不一致，请重新填写后提交。',
  429: '操作太频繁了，请过一会儿再试。',
  500: '请稍后再试；如果一直不行，请联系您所在社区的服务站。',
  503: '请过一会儿再试；如果一直不行，请联系您所在社区的服务站。',
};

export function errorPage(error: unknown, request: HttpRequest): HttpResult {
  const status = statusOf(error);
  const { lang, large } = pageOptions(request);
  const title = (titles[status] ?? titles[500]!)[lang];
  const message = { zh: explanations[status] ?? explanations[500]!, en: errorBody(error).error.message };
  return { status, html: renderErrorPage({ status, title, message, lang, large }), headers: errorHeaders(error) };
}
