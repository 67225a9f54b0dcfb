import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionNames } from '#infra/topology';

describe('docs/ARCHITECTURE.md', () => {
  it('names every function of the topology in its function table', () => {
    const doc = readFileSync('docs/ARCHITECTURE.md', 'utf8');
    const rows = new Set([...doc.matchAll(/^\| ([a-z-]+) \|/gm)].map((m) => m[1]));
    expect(functionNames.filter((name) => !rows.has(name))).toEqual([]);
  });
});
