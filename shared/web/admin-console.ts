/**
 * The admins' console (`GET /console`) for center admins and station staff: sign in by pasting
 * an ID token (locally the token `npm start` prints; in AWS a Cognito ID token until the hosted
 * sign-in comes), then
 * - the request queue with filters (status, area, service, dates, overdue) and overdue flags,
 * - a request's detail with its timeline: dispatch by hand to a chosen candidate, reject with
 *   a reason, cancel,
 * - team management: create, change, pause and resume, a new token,
 * - dead letters and their redrive (center admins),
 * - the statistics dashboard: KPIs, bar charts (inline SVG) of needs by service and by area,
 *   team load, recruitment hints, and the CSV export.
 * One page, one inline script allowed by its hash (`console-shell.ts`); all data comes from the
 * admin API with `Authorization: Bearer` and is put into the page as text only.
 */
import { adminConsoleSource } from './admin-console-script';
import { adminConsoleTexts } from './admin-console-texts';
import { consoleScript, renderConsolePage } from './console-shell';
import type { Lang } from './i18n';
import { ADMIN_CONSOLE_PATH } from './links';

const script = consoleScript(adminConsoleSource);

export function renderAdminConsole(options: { lang: Lang; large: boolean }) {
  const l = adminConsoleTexts[options.lang];
  return renderConsolePage({ ...options, title: l.title!, path: ADMIN_CONSOLE_PATH, intro: l.intro!, noScript: l.noScript!, texts: l, script });
}

