/**
 * The API's refusal of a completion report in the console's words, each field it names at the
 * row the team typed it in (`hours.1.minutes` is the second filled row): the server's reason
 * translated, such as more minutes than the time since the team accepted. Pure (no page), so the
 * unit tests call it as the console does.
 */
import type { Lang } from '../../i18n';
import { issueText } from '../common/error-words';

export function rowProblems(
  fields: readonly { readonly field?: unknown; readonly message?: unknown }[],
  /** The form row (from 1) of each record sent. */
  rowOf: readonly number[],
  lang: Lang,
  say: (key: 'rowProblem', vars: { n: number; problem: string }) => string,
): string[] {
  return fields.flatMap((f) => {
    const match = /^hours\.(\d+)\.(volunteer|volunteerId|minutes)$/.exec(String(f.field ?? ''));
    const n = match ? rowOf[Number(match[1])] : undefined;
    return n ? [say('rowProblem', { n, problem: issueText(String(f.message ?? ''), lang) })] : [];
  });
}
