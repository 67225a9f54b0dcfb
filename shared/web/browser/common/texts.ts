/**
 * The console's texts and formats in the page's language. The server puts the texts into the
 * page as a JSON block (`#texts`, in the reader's language; console-shell.ts), so the script
 * itself is the same for every language and keeps one CSP hash.
 */

function readJson(id: string): Record<string, unknown> {
  const value: unknown = JSON.parse(document.getElementById(id)?.textContent || '{}');
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

const TEXTS = new Map(Object.entries(readJson('texts')));
export const LANG: 'zh' | 'en' = TEXTS.get('lang') === 'en' ? 'en' : 'zh';
/** Between a label and its value: full width in Chinese, ASCII and a space in English. */
export const COLON = LANG === 'zh' ? '：' : ': ';

export type TextVars = Readonly<Record<string, string | number | undefined>>;

/** A text by key, {name} placeholders filled in; the key itself when the page has no such text. */
export function text(key: string, vars?: TextVars): string {
  let s = String(TEXTS.has(key) ? TEXTS.get(key) : key);
  if (vars) for (const k of Object.keys(vars)) s = s.split(`{${k}}`).join(String(vars[k]));
  return s;
}

/** The second JSON block (`#config`): what differs between deployments, e.g. the sign-in issuer. */
export function pageConfig(): Readonly<Record<string, string | undefined>> {
  try {
    return readJson('config') as Record<string, string | undefined>;
  } catch {
    return {};
  }
}

/** A localized value { zh, en } (or a plain string) in the page language. */
export function loc(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as { zh?: unknown; en?: unknown };
    return String(v[LANG] || v.zh || v.en || '');
  }
  return value === undefined || value === null ? '' : String(value);
}

const timeFormat = new Intl.DateTimeFormat(LANG === 'en' ? 'en-GB' : 'zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: LANG === 'en' ? 'short' : 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A time from the API in China time; anything unreadable as it came. */
export function when(iso: unknown): string {
  const d = new Date(iso as string);
  return Number.isNaN(d.getTime()) ? loc(iso) : timeFormat.format(d);
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function list<T = unknown>(v: readonly T[] | null | undefined | unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function percent(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${Math.round(v * 1000) / 10}%` : '–';
}

/** A tracking code as residents read it: two groups of four. */
export function trackingCode(value: unknown): string {
  const code = loc(value);
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** Minutes as people write them: 50, 50分钟, 1.5小时, 2h (full-width digits too). */
export function parseMinutes(raw: string): number | undefined {
  const v = String(raw).normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  const hours = /^(\d+(?:\.\d+)?)(h|hr|hrs|hours?|小时|个小时|时)$/.exec(v);
  if (hours) return Math.round(Number(hours[1]) * 60);
  const minutes = /^(\d+)(m|min|mins|minutes?|分钟|分)?$/.exec(v);
  return minutes ? Number(minutes[1]) : undefined;
}
