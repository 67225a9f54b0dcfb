/**
 * An export of shared/ is there for a caller: another source file uses it, or its own file does
 * (a type in a signature, a value it is built from). One that only tests use is dead code kept
 * alive by its test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const sourceFolders = ['shared', 'functions', 'infra', 'bench', 'sim', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('exports of shared/', () => {
  it('are each used by some source file, tests aside', () => {
    const sources = new Map(sourceFolders.flatMap(sourceFiles).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
    const unused: string[] = [];
    for (const [file, text] of sources) {
      if (!file.startsWith('shared/')) continue;
      for (const [, name] of text.matchAll(/^export (?:async )?(?:function|const|let|class|type|interface|enum) (\w+)/gm)) {
        const word = new RegExp(`\\b${name}\\b`, 'g');
        const usedInside = (text.match(word) ?? []).length > 1;
        const usedElsewhere = [...sources].some(([other, otherText]) => other !== file && new RegExp(`\\b${name}\\b`).test(otherText));
        if (!usedInside && !usedElsewhere) unused.push(`${file} ${name}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
