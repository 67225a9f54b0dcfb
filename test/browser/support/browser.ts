/**
 * Real headless Chromium for the browser tests: Debian's `/usr/bin/chromium` driven by
 * playwright-core (never a downloaded browser). Each page records console errors and CSP
 * violations; `checkPage` runs axe-core (from node_modules) on it and saves a screenshot under
 * `test-results/screenshots/` (git-ignored); `fitsPhone` does the same at 360 px wide and
 * checks the page does not scroll sideways.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
/** Every violation axe reports, per page, with its impact (`checkPage` fails on any). */
const AXE_RESULTS = join(process.cwd(), 'test-results', 'axe');
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A fontconfig that adds the certificate's Noto Sans SC (every CJK character it has) to the
 * machine's fonts. A resident's phone has a Chinese font; a test machine often has none, and its
 * boxes measure shorter than characters, so page heights and screenshots would not be a phone's.
 */
async function chineseFontConfig(): Promise<string> {
  const dir = join(tmpdir(), 'paidan-browser-fonts');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'fonts.conf');
  const fonts = join(process.cwd(), 'shared', 'pdf', 'fonts');
  await writeFile(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${fonts}</dir><cachedir>${dir}</cachedir></fontconfig>
`,
  );
  return file;
}

export interface BrowserHandle {
  readonly browser: Browser;
  /** A new context (own sessionStorage) and page; `errors` collects console errors and page errors. */
  page(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

export function useBrowser(): () => BrowserHandle {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: sudo apt-get install -y chromium (or set CHROMIUM_PATH)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      env: { ...process.env, FONTCONFIG_FILE: await chineseFontConfig() },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('browser not started');
    const b = browser;
    return {
      browser: b,
      page: async (options = {}) => {
        const context = await b.newContext({
          viewport: { width: 1024, height: 800 },
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
          acceptDownloads: true,
          ...options,
        });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const errors: string[] = [];
        page.on('console', (message) => {
          // A refused API call shows in the console as a failed resource; the tests look at the page.
          if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
        return { context, page, errors };
      },
    };
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/**
 * axe-core on the page as it is now: no violation at all, of whatever impact (stricter than the
 * requirement, no `serious` or `critical` one). Also saves a screenshot named `name`.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  // Evaluated through the DevTools protocol: the pages' CSP rightly refuses an injected <script> (addScriptTag).
  // Page code as strings: this project compiles without the DOM library.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(`${await axeSource}\n;undefined`);
  const violations = await page.evaluate<AxeViolation[]>("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)");
  await mkdir(AXE_RESULTS, { recursive: true });
  await writeFile(
    join(AXE_RESULTS, `${name}.json`),
    JSON.stringify(
      violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })),
      null,
      2,
    ),
  );
  expect(await smallControls(page), `controls smaller than the page's text or a finger on ${name}`).toEqual([]);
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  // The list in the message too: the assertion's own diff shortens it to a count.
  expect(found, `axe on ${name}:\n${found.join('\n')}\n`).toEqual([]);
}

/**
 * The visible form controls whose text is smaller than the page's or that are under 44 CSS px
 * tall (a finger's target): an elderly resident types into them. axe checks neither. Outside the
 * wide console pages, links a finger taps too: those standing alone (the whole text of their
 * block), laid out as a box, or in the header's switches; a link inside a sentence is exempt.
 */
export async function smallControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    const controls = document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]),select,textarea,button');
    const tapped = (a) => a.closest('nav') || getComputedStyle(a).display !== 'inline' || a.parentElement.textContent.trim() === a.textContent.trim();
    const links = document.body.classList.contains('wide') ? [] : [...document.querySelectorAll('header a[href],main a[href]')].filter(tapped);
    const tooSmall = (e, font, height) => (e.tagName === 'A' ? height < 44 : font < body || height < 44);
    return [...controls, ...links].filter((e) => e.getClientRects().length > 0).flatMap((e) => {
      const font = parseFloat(getComputedStyle(e).fontSize);
      const height = e.getBoundingClientRect().height;
      if (!tooSmall(e, font, height)) return [];
      const name = e.tagName === 'A' ? '(' + e.textContent.trim().slice(0, 20) + ')' : e.name ? '[name=' + e.name + ']' : '';
      return [e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + name + ': ' + font + ' px text (page ' + body + '), ' + Math.round(height) + ' px tall'];
    });
  })()`);
}

/**
 * A browser whose reader set a larger default text size (Chrome's settings, `px` for 16 by
 * default), with one page at a phone's size; closed by the caller (`context.close()`).
 */
export async function withTextSize(px: number): Promise<{ context: BrowserContext; page: Page }> {
  const profile = await mkdtemp(join(tmpdir(), 'paidan-text-size-'));
  await mkdir(join(profile, 'Default'), { recursive: true });
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { default_font_size: px } } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    env: { ...process.env, FONTCONFIG_FILE: await chineseFontConfig() },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** The phone the issue names: 360 CSS px wide. */
export const PHONE = { width: 360, height: 740 } as const;

/**
 * The page as it is now, at 360 px wide: nothing wider than the screen (no sideways scrolling)
 * and `checkPage` there (screenshot `name`). The viewport is put back afterwards.
 */
export async function fitsPhone(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  try {
    expect(await horizontalOverflow(page), `sideways scrolling on ${name} (px)`).toBeLessThanOrEqual(0);
    await checkPage(page, name);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Content wider than the viewport: the page scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Polls a locator's trimmed text (Playwright's own `expect` belongs to @playwright/test, not used here). */
export function textOf(locator: Locator, timeout = 15_000) {
  return expect.poll(
    async () =>
      (
        (await locator
          .first()
          .textContent({ timeout: 1_000 })
          .catch(() => null)) ?? ''
      ).trim(),
    { timeout, interval: 100 },
  );
}

/** Clicks what submits a plain form (or follows a link), waits for the next page to load, and returns its HTTP status. */
export async function navigateBy(page: Page, selector: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response?.status();
}

/** Opens `url` and returns the HTTP status of the page. */
export async function open(page: Page, url: string): Promise<number | undefined> {
  return (await page.goto(url, { waitUntil: 'load' }))?.status();
}
