/**
 * The give-up's second tap, asked alike on the volunteer's page (my-claims.ts) and in the team
 * console (team-console-texts.ts). No imports: the console's script type-checks it too.
 */
export const giveUpConfirmWords = {
  zh: { title: '确定放弃认领这个心愿吗？', yes: '确定放弃', no: '不放弃，返回' },
  en: { title: 'Give up this wish?', yes: 'Yes, give it up', no: 'No, keep it' },
} as const;
