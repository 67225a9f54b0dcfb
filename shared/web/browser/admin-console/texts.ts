/** The admins' console's texts by key: the keys of admin-console-texts.ts, checked at compile time. */
import type { AdminConsoleTextKey } from '../../admin-console-texts';
import { type TextVars, text } from '../common/texts';

/** A key, or one whose second part comes from the API (an actor, a queue): an unknown one shows as itself. */
type Key = AdminConsoleTextKey | `${'actor' | 'queue'}_${string}`;

export function t(key: Key, vars?: TextVars): string {
  return text(key, vars);
}
