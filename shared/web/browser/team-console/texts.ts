/** The team console's texts by key: the keys of team-console-texts.ts, checked at compile time. */
import type { TeamConsoleTextKey } from '../../team-console-texts';
import { type TextVars, text } from '../common/texts';

export function t(key: TeamConsoleTextKey, vars?: TextVars): string {
  return text(key, vars);
}
