/**
 * The consoles' scripts are TypeScript in shared/web/browser, bundled into committed modules
 * (shared/web/generated) that the handlers and the local stack import. A change to the sources
 * without `npm run build:web` would ship the old script: this rebuilds them in memory and
 * compares.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleBundles, generatedModule, generatedModules } from '../../../scripts/console-bundles';

describe('the generated console scripts', () => {
  it('are what the browser sources bundle to (otherwise: run npm run build:web)', async () => {
    for (const { path, text } of await generatedModules()) {
      const committed = readFileSync(path, 'utf8');
      expect(committed === text, `${path} is stale: run npm run build:web`).toBe(true);
    }
  });

  it('notices a stale module (the check itself can fail)', () => {
    const [bundle] = consoleBundles;
    expect(generatedModule(bundle!, 'console.log(1)')).not.toBe(readFileSync(bundle!.module, 'utf8'));
  });
});
