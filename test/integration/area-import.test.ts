/**
 * `npm run areas -- import`, run as a process against the local stack's DynamoDB, as a center's
 * operator would run it against a deployed table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCategories, demoServices } from '#shared/seed/menu';
import { DEMO_TABLE } from '#shared/seed/area-table';
import { teamFixture } from '../support/fixtures';
import { postJson, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });

function importAreas(...args: string[]): { status: number | null; out: string } {
  const { stack } = local();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/areas.ts', 'import', ...args, '--table', stack.tableName], {
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: process.env.AWS_REGION ?? 'us-east-1' },
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('importing places from the division table', () => {
  it("loads Tai'an into an empty table, and a second identical import writes nothing", async () => {
    const first = importAreas('--city', '3709');
    expect(first.out).toContain('3709 from the 2023 table');
    expect(first.out).toContain('3878 areas in the table, 3878 written.');
    expect(first.out).toContain('added 3878, renamed 0, retired 0, restored 0');
    const stored = await local().adapters.areas.subtree('3709');
    await expect(local().adapters.areas.subtree('')).rejects.toThrow(/empty area/);
    expect(stored).toHaveLength(3877);
    expect(stored.find((a) => a.id === '370902003009')).toMatchObject({ name: { zh: '科大社区' }, level: 'community', kind: '社区' });
    // Read many at once, in the order asked, past one BatchGetItem's 100 keys, a missing one undefined.
    const asked = [...stored.slice(0, 150).map((a) => a.id), '370999999999', '3709', '3709'];
    expect((await local().adapters.areas.getMany(asked)).map((a) => a?.id)).toEqual([...asked.slice(0, 150), undefined, '3709', '3709']);

    const second = importAreas('--city', '3709');
    expect(second.out).toContain('3878 areas in the table, 0 written.');
    expect(second.out).toContain('added 0, renamed 0, retired 0, restored 0');
  });

  it('shows a rename and a retirement from an altered table; the retired community takes no new order', async () => {
    const altered = readFileSync(DEMO_TABLE, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('370902003001,'))
      .map((line) => (line.startsWith('370902003009,') ? '370902003009,科大新村社区居委会' : line))
      .join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'paidan-areas-')), 'areas-3709-altered.csv');
    writeFileSync(file, altered);
    await local().adapters.teams.register(teamFixture('taiqian-team', { stationAreaId: '370902003001', servesAreaId: '370902003001' }), []);
    const run = importAreas('--city', '3709', '--from', file, '--year', '2024');
    expect(run.out).toContain('added 0, renamed 1, retired 1, restored 0');
    expect(run.out).toMatch(/teams stationed in or serving a retired area[^\n]*\n {2}taiqian-team /);
    expect(run.out).toContain('370902003009 科大社区居委会 → 科大新村社区居委会');
    expect(run.out).toContain('370902003001 泰前社区居委会');

    const { adapters, url } = local();
    expect(await adapters.areas.get('370902003001')).toMatchObject({ officialName: '泰前社区居委会', retiredAt: expect.any(String) });
    expect(await adapters.areas.get('370902003009')).toMatchObject({ name: { zh: '科大新村社区' }, tableYear: 2024 });

    for (const c of demoCategories) await adapters.catalog.putCategory(c);
    for (const s of demoServices) await adapters.catalog.putService(s);
    const refused = await postJson(`${url}/requests`, validSubmission({ areaId: '370902003001' }));
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['areaId']);
    expect((await postJson(`${url}/requests`, validSubmission({ areaId: '370902003009' }))).status).toBe(201);

    // The original (2023) table again: older than the stored areas', refused unless forced; then the community comes back, the name goes back.
    const older = importAreas('--city', '3709');
    expect(older.status).toBe(2);
    expect(older.out).toContain('The stored areas come from the 2024 table; this is the 2023 table');
    expect(older.out).toContain('--force');
    expect(importAreas('--city', '3709', '--force').out).toContain('added 0, renamed 1, retired 0, restored 1');
  });

  it("requires the year of a --from table, and reads the bureau's 12-digit codes", () => {
    const padded = readFileSync(DEMO_TABLE, 'utf8')
      .split('\n')
      .map((line, i) => (i === 0 || !line ? line : line.replace(/^\d+/, (code) => code.padEnd(12, '0'))))
      .join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'paidan-areas-')), 'bureau-3709.csv');
    writeFileSync(file, padded);
    const yearless = importAreas('--city', '3709', '--from', file);
    expect(yearless.status).toBe(2);
    expect(yearless.out).toContain('--year');
    const dry = importAreas('--city', '3709', '--from', file, '--year', '2024', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.out).toContain('3878 areas in the table, 0 to write (dry run: nothing written)');
  });

  it('refuses a place the committed extract does not hold, naming --from', () => {
    const run = importAreas('--city', '3701');
    expect(run.status).toBe(2);
    expect(run.out).toContain('for 3701 give --from');
  });
});
