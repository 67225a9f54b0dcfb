/** The generic error page a browser gets when no handler-specific page fits. */
import { errorBody, errorHeaders, statusOf } from './error-response';
import type { HttpRequest } from './request';
import type { HttpResult } from './response';
import { renderErrorPage } from '#shared/web/error-page';
import { pageOptions } from './page-options';

const titles: Record<number, { zh: string; en: string }> = {
  400: { zh: '提交的内容有误', en: 'Something in the request is not right' },
  404: { zh: '没有找到', en: 'Not found' },
  409: { zh: '状态已变化', en: 'This has changed in the meantime' },
  413: { zh: '内容太长', en: 'Too much text' },
  415: { zh: '无法识别的提交方式', en: 'Unsupported submission' },
  422: { zh: '重复提交的内容不一致', en: 'Repeated submission differs' },
  429: { zh: '提交太频繁，请稍后再试', en: 'Too many attempts; please try again later' },
  500: { zh: '系统暂时出了问题', en: 'Something went wrong on our side' },
};

export function errorPage(error: unknown, request: HttpRequest): HttpResult {
  const status = statusOf(error);
  const { lang, large } = pageOptions(request);
  const title = (titles[status] ?? titles[500]!)[lang];
  return {
    status,
    html: renderErrorPage({ status, title, message: errorBody(error).error.message, lang, large }),
    headers: errorHeaders(error),
  };
}
