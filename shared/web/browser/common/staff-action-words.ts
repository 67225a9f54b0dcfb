/** The words for refusals of staff actions on a request or a volunteer (409s, a 403 outside the area), as `error-words.ts` matches them. */
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
  [
    /^Another volunteer has this phone/,
    () => ({
      zh: '这个手机号已登记给另一位志愿者，请按手机号查找核实',
      en: 'Another volunteer is registered with this number; find them by number to check',
    }),
  ],
  [
    /^The phone was changed meanwhile/,
    () => ({
      zh: '其他工作人员刚刚更换了这位志愿者的手机号，请重新查找后核实',
      en: 'Another staff member changed this volunteer’s phone just now; find them again and check',
    }),
  ],
  [
    /^The volunteer was moved meanwhile/,
    () => ({
      zh: '其他工作人员刚刚把这位志愿者迁到了别的社区，请重新查找后核实',
      en: 'Another staff member moved this volunteer to another community just now; find them again and check',
    }),
  ],
  [
    /^Outside your area \(field homeAreaId\)/,
    () => ({
      zh: '这个社区不在您负责的区域内：请管辖两个社区的上级中心迁移',
      en: 'That community is outside your area: a center admin whose area holds both communities moves them',
    }),
  ],
];
