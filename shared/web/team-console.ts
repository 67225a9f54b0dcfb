/**
 * The team's console (`GET /team`): sign in by pasting the team token (kept in
 * sessionStorage, never in a URL), then the open offers (accept, decline with a reason) and the
 * accepted orders with the resident's contact and a completion report of volunteers and
 * minutes. Everything goes through the JSON API with `Authorization: Bearer`; the page itself
 * holds no data.
 */
import { consoleScript, renderConsolePage } from './console-shell';
import { teamConsoleScript } from './generated/team-console-script';
import type { Lang } from './i18n';
import { TEAM_CONSOLE_PATH } from './links';
import { teamConsoleTexts } from './team-console-texts';

/** The script from shared/web/browser/team-console/, bundled by `npm run build:web`. */
const script = consoleScript(teamConsoleScript);

export function renderTeamConsole(options: { lang: Lang; large: boolean }) {
  const l = teamConsoleTexts[options.lang];
  return renderConsolePage({ ...options, title: l.title, path: TEAM_CONSOLE_PATH, intro: l.intro, noScript: l.noScript, texts: l, script });
}
