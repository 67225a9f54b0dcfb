/** What refusals about a guest's name ledger say (an hours correction's rows, a merge), in the console's language. */
import type { Lang } from '../../i18n';

type Words = Readonly<Record<Lang, string>>;
type Rule = readonly [RegExp, (m: RegExpMatchArray) => Words];

const w = (zh: string, en: string): Words => ({ zh, en });

/** A correction row's field issues (`correction-rows.ts`). */
export const ledgerIssueRules: readonly Rule[] = [
  [
    /^A guest of an earlier visit by another team/,
    () =>
      w(
        '这个名字只是之前另一支服务队上门时的临时帮手：只能更正最后一次（本队）上门的时长',
        'Only a guest of an earlier visit by another team: only the last visit, your team’s, is corrected',
      ),
  ],
  [
    /^This guest's hours were merged into another ledger/,
    () =>
      w(
        '这位临时帮手的时长已合并到别的账户，不能在这里更正',
        'This guest’s hours were merged into another ledger: they cannot be corrected here',
      ),
  ],
];

/** Refusals naming no field: a merge refused (409, `MergedElsewhereError`, with the person's volunteer id), a correction of a merged guest. */
export const ledgerMessageRules: readonly Rule[] = [
  [
    /^This guest's hours were merged into a registered volunteer's/,
    () =>
      w(
        '这位临时帮手的时长已合并到已登记的志愿者，请按该志愿者更正',
        'This guest’s hours were merged into a registered volunteer: correct them there',
      ),
  ],
  [
    /^This name's hours went to another volunteer(?: \(([^)]+)\))?/,
    (m) =>
      w(
        `这个名字的时长已合并给另一位志愿者${m[1] ? `（志愿者 ID：${m[1]}）` : ''}，一个名字只能合并给一个人`,
        `This name’s hours went to another volunteer${m[1] ? ` (${m[1]})` : ''}: a name merges into one person only`,
      ),
  ],
];
