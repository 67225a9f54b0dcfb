import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionNames } from '#shared/topology/topology';
import { adminConsoleTexts } from '#shared/web/admin-console-texts';

const TOPIC_PAGES = [
  'docs/ARCHITECTURE.md',
  'docs/code-structure.md',
  'docs/api.md',
  'docs/deploy.md',
  'docs/operations.md',
  'bench/README.md',
  'sim/README.md',
  'test/README.md',
];

/** Relative link targets (no scheme, no pure anchor) of a markdown file, without their anchors. */
function relativeLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('docs/ARCHITECTURE.md', () => {
  it('names every function of the topology in its function table', () => {
    const doc = readFileSync('docs/ARCHITECTURE.md', 'utf8');
    const rows = new Set([...doc.matchAll(/^\| ([a-z-]+) \|/gm)].map((m) => m[1]));
    expect(functionNames.filter((name) => !rows.has(name))).toEqual([]);
  });
});

describe('README.md', () => {
  it('is a front door of at most 150 lines', () => {
    expect(readFileSync('README.md', 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });

  it('links every topic page', () => {
    const linked = new Set(relativeLinks('README.md'));
    expect(TOPIC_PAGES.filter((page) => !linked.has(page))).toEqual([]);
  });

  it('keeps the two commands that work on a fresh machine', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });
});

describe('docs/api.md on the staff console', () => {
  it('describes each of its tabs, and no view it does not have', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    const views = doc.slice(doc.indexOf('once per tab. Its views:'), doc.indexOf('The two consoles are one page each'));
    const tabs = Object.entries(adminConsoleTexts.zh)
      .filter(([key]) => key.startsWith('tab_'))
      .map(([, name]) => name);
    expect(tabs.filter((name) => !views.includes(`- **${name} `))).toEqual([]);
    // Each tab's bullet starts with its Chinese name (the detail of a request, "a request", is no tab).
    expect([...views.matchAll(/^- \*\*(\p{Script=Han}+) /gmu)].map((m) => m[1]).filter((name) => !tabs.includes(name!))).toEqual([]);
  });
});

describe('links between the docs', () => {
  const files = [
    'README.md',
    ...TOPIC_PAGES,
    ...['docs/staff-sign-in.md', 'docs/china-notifications.md', 'docs/deploy-china.md'].filter(existsSync),
  ];
  it.each(files)('%s links only to files that exist', (file) => {
    const broken = relativeLinks(file).filter((target) => !existsSync(join(dirname(file), target)));
    expect(broken).toEqual([]);
  });
});
