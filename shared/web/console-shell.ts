/**
 * The page shell of the two consoles (the team's `/team`, the admins' `/console`): the usual
 * layout, the console's texts in the reader's language as a JSON data block, and one inline
 * script. The script is constant, so the CSP allows it by its SHA-256 hash: no other script
 * can run, none is loaded from anywhere, and `fetch` may only reach this origin (the API) and
 * the origins a console names (the admins' sign-in domain). What differs between deployments
 * (that domain) reaches the script as a second JSON data block, never as script text.
 *
 * The scripts build every element with `textContent`, never `innerHTML`, so data from the API
 * is never parsed as markup.
 */
import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html';
import type { Lang } from './i18n';
import { layout } from './layout';

export interface ConsoleScript {
  readonly source: string;
  /** `'sha256-…'`, for `script-src`. */
  readonly hash: string;
}

/** A console's script with its CSP hash; throws if the source could close its own element. */
export function consoleScript(source: string): ConsoleScript {
  if (/<\/script|<!--/i.test(source)) throw new Error('A console script must not contain </script or <!--');
  return { source, hash: `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'` };
}

/**
 * `https://host[:port]` in lower case and nothing more (no path, no trailing slash, no
 * wildcard): what may stand in a CSP source list as exactly one origin.
 */
export function isHttpsOrigin(value: string): boolean {
  if (!/^https:\/\/[a-z0-9.-]+(?::[0-9]{1,5})?$/.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * An https origin, or a plain http one on the loopback address (the local stack's OpenID
 * provider, `http://127.0.0.1:<port>`): never reachable from another machine.
 */
export function isConnectOrigin(value: string): boolean {
  return isHttpsOrigin(value) || /^http:\/\/127\.0\.0\.1:[0-9]{1,5}$/.test(value);
}

/**
 * Like the other pages' policy, plus exactly one script and `fetch` to this origin and to
 * `connectTo` (each an https origin, or loopback http; anything else throws rather than widen the policy).
 */
export function consolePolicy(script: ConsoleScript, connectTo: readonly string[] = []): string {
  for (const origin of connectTo) {
    if (!isConnectOrigin(origin)) throw new Error(`Not an https origin for connect-src: ${JSON.stringify(origin)}`);
  }
  return [
    "default-src 'none'",
    `script-src ${script.hash}`,
    "style-src 'unsafe-inline'",
    ["connect-src 'self'", ...connectTo].join(' '),
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface ConsolePageInput {
  readonly lang: Lang;
  readonly large: boolean;
  readonly title: string;
  /** The page's path; the language and size switches reload it. */
  readonly path: string;
  /** Shown before the script has run, and instead of the console without JavaScript. */
  readonly intro: string;
  readonly noScript: string;
  /** The texts the script shows, in `lang` (plain strings; the script puts them in text nodes). */
  readonly texts: Readonly<Record<string, string>>;
  readonly script: ConsoleScript;
  /** Settings for the script, as `<script type="application/json" id="config">`; none when absent. */
  readonly config?: Readonly<Record<string, string>>;
  /** Origins besides this one the script may `fetch` from (connect-src). */
  readonly connectTo?: readonly string[];
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no tag can close it. */
function jsonBlock(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

export function renderConsolePage(input: ConsolePageInput): { html: string; headers: Record<string, string> } {
  const { lang, large } = input;
  const body = html`<h1>${input.title}</h1>
<noscript><p class="notice">${input.noScript}</p></noscript>
<div id="app" data-lang="${lang}"><p>${input.intro}</p></div>`;
  const config = input.config ? html`<script type="application/json" id="config">${jsonBlock(input.config)}</script>\n` : '';
  const script = html`<script type="application/json" id="texts">${jsonBlock({ lang, ...input.texts })}</script>
${config}<script>${new SafeHtml(input.script.source) /* constant source, allowed by its hash */}</script>`;
  const page = layout({ lang, large, title: input.title, body, switchUrl: input.path, private: true, wide: true, script });
  return { html: page, headers: { 'content-security-policy': consolePolicy(input.script, input.connectTo), 'x-frame-options': 'DENY' } };
}
