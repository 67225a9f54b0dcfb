/** Times as residents read them: China Standard Time, whatever zone the Lambda runs in. */
import type { Lang } from './i18n';

const formats: Readonly<Record<Lang, Intl.DateTimeFormat>> = {
  zh: new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
};

/** `2025-03-01T01:05:00Z` → `2025年3月1日 09:05` (zh) or `1 Mar 2025, 09:05` (en); bad input is returned as is. */
export function formatShanghaiTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formats[lang].format(date);
}
