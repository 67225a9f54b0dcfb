/** The words for refusals of staff actions on a request (409s naming no field), as `error-words.ts` matches them. */
import type { Lang } from '../../i18n';

type Rule = readonly [RegExp, (m: RegExpMatchArray) => Readonly<Record<Lang, string>>];

export const staffActionRules: readonly Rule[] = [
  [
    /^The request changed since you loaded it/,
    () => ({
      zh: '这条需求在你打开之后已有变化（其他工作人员、服务队或居民改动过），请重新打开后再处理',
      en: 'The request changed since you opened it (another staff member, a team or the resident); open it again and decide on that',
    }),
  ],
  [
    /^Staff record a rating or reopening only for a request staff ordered/,
    () => ({
      zh: '这条需求是居民自己下的单，请居民通过自己的链接评价或重新派单',
      en: 'The resident ordered this request themselves: they rate or reopen it through their own link',
    }),
  ],
];
