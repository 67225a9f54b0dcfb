import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderAdminConsole } from '#shared/web/admin-console';
import { consoleScript } from '#shared/web/console-shell';
import { renderTeamConsole } from '#shared/web/team-console';

const consoles = { admin: renderAdminConsole, team: renderTeamConsole };

function parts(page: string) {
  const texts = /<script type="application\/json" id="texts">([\s\S]*?)<\/script>/.exec(page)![1]!;
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  return { texts: JSON.parse(texts) as Record<string, string>, scripts };
}

describe.each(Object.entries(consoles))('the %s console page', (_name, render) => {
  it('runs exactly one inline script, the one its CSP allows by hash, and may only fetch from its own origin', () => {
    const page = render({ lang: 'zh', large: false });
    const { scripts } = parts(page.html);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(() => new Function(scripts[0]!)).not.toThrow();
  });

  it('builds the page from text nodes: no innerHTML, no eval, no token in a URL', () => {
    const { scripts } = parts(render({ lang: 'zh', large: false }).html);
    expect(scripts[0]).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    expect(scripts[0]).not.toMatch(/[?&]token=/);
    expect(scripts[0]).toContain('sessionStorage');
  });

  it('has every text in both languages, and the same script whatever the language and size', () => {
    const zh = render({ lang: 'zh', large: false });
    const en = render({ lang: 'en', large: true });
    expect(Object.keys(parts(en.html).texts).sort()).toEqual(Object.keys(parts(zh.html).texts).sort());
    expect(parts(en.html).scripts).toEqual(parts(zh.html).scripts);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('font-size:26px');
    expect(zh.html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(zh.html).toContain('<noscript>');
  });
});

describe('consoleScript', () => {
  it('refuses a source that could end its own script element', () => {
    expect(() => consoleScript('var a = "</script>";')).toThrow();
    expect(() => consoleScript('var a = 1;')).not.toThrow();
  });
});
