/** What the wish wall's refusals of a field say (the public text, a unit's claim), in the console's language. */
import type { Lang } from '../../i18n';

const w = (zh: string, en: string): Readonly<Record<Lang, string>> => ({ zh, en });

export const wallIssueRules: readonly (readonly [RegExp, () => Readonly<Record<Lang, string>>])[] = [
  [
    /^No phone, identity or house numbers/,
    () =>
      w(
        '心愿墙上不能出现电话、证件号、门牌号、邮箱、微信号或QQ号',
        'No phone, identity or house numbers, email, WeChat or QQ ids on the wall',
      ),
  ],
  [
    /^The resident's full name may not be public/,
    () => w('不能公开居民的全名，请写成“王奶奶”“李叔叔”这样的称呼', 'The resident’s full name may not be public: write 王奶奶 or 李叔叔'),
  ],
  [
    /^The resident's address or door number may not be public/,
    () =>
      w(
        '不能公开居民的住址或门牌号（如“401室”），只写楼号和单元（如“2号楼3单元”）可以',
        'The resident’s address or door number may not be public; a building and unit alone (2号楼3单元) are fine',
      ),
  ],
  [/^A work unit from the list/, () => w('请从列表中选择爱心单位', 'Choose a work unit from the list')],
];
