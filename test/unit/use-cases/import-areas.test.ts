/**
 * Importing Tai'an's 3,878 rows of the 2023 table: written level by level so a failure leaves no
 * community without its township, finished by running it again; an older table refused; staff's
 * retirements kept; the teams an import cuts off named.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { MemoryAreas } from '#shared/adapters/memory/reference-data';
import { type Area, parentId } from '#shared/domain/area';
import type { TableArea } from '#shared/domain/area-import';
import { DEMO_TABLE, divisionRows, readDivisionTable } from '#shared/seed/area-table';
import { demoServices } from '#shared/seed/menu';
import { setAreaRetired } from '#shared/use-cases/admin-areas';
import { createTeam } from '#shared/use-cases/admin-teams';
import { AreaImportIncompleteError, importAreas, OlderTableError } from '#shared/use-cases/import-areas';

const y2023: TableArea[] = divisionRows(readDivisionTable(DEMO_TABLE), '3709').map((r) => ({ code: r.code, officialName: r.name }));
const TAIQIAN = '370902003'; // 泰前街道, 28 communities
const center = { id: 'c', name: 'center', role: 'center' as const };

/**
 * Stores as DynamoDB's batch writes do: each chunk of 25 on its own, every chunk tried, and the
 * call failing after if one holding `throttled` stayed unprocessed (the rest landed).
 */
class ThrottledAreas extends MemoryAreas {
  throttled: string | undefined;
  override async putMany(areas: readonly Area[]): Promise<void> {
    let failed = false;
    for (let i = 0; i < areas.length; i += 25) {
      const chunk = areas.slice(i, i + 25);
      if (chunk.some((a) => a.id === this.throttled)) failed = true;
      else for (const a of chunk) this.items.set(a.id, a);
    }
    if (failed) throw new Error('BatchWriteItem left 25 item(s) unprocessed after retries');
  }
}

/** Stored areas whose parent (at the level the table has) is not stored. */
const orphans = (areas: MemoryAreas) => [...areas.items.keys()].filter((id) => parentId(id) && !areas.items.has(parentId(id)!));

let mem: MemoryDeps;
let now: Date;
beforeEach(() => {
  now = new Date('2026-12-07T02:00:00Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: [] });
});

describe('an import that fails partway', () => {
  it('leaves no community without its township, says to run it again, and the second run finishes it', async () => {
    const areas = new ThrottledAreas();
    areas.throttled = TAIQIAN;
    const error = await importAreas({ ...mem, areas }, '3709', y2023, 2023).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AreaImportIncompleteError);
    expect(String(error)).toContain('Run the import again to finish');
    expect((error as AreaImportIncompleteError).level).toBe('street');
    expect(areas.items.has(TAIQIAN)).toBe(false);
    expect([...areas.items.keys()].filter((id) => id.length === 12)).toEqual([]);
    expect(orphans(areas)).toEqual([]);

    const landed = areas.items.size;
    expect(landed).toBeGreaterThan(50);
    areas.throttled = undefined;
    const second = await importAreas({ ...mem, areas }, '3709', y2023, 2023);
    expect(second.added).toHaveLength(3878 - landed);
    expect(areas.items.size).toBe(3878);
    expect(areas.items.get('370902003009')).toMatchObject({ name: { zh: '科大社区' } });
    expect((await importAreas({ ...mem, areas }, '3709', y2023, 2023)).writes).toEqual([]);
  });
});

describe('the year of the table', () => {
  const y2024 = y2023.filter((r) => r.code !== '370902003001');

  it('refuses a table older than the stored areas’, writing nothing, unless forced', async () => {
    await importAreas(mem, '3709', y2023, 2023);
    await importAreas(mem, '3709', y2024, 2024);
    const before = new Map(mem.areas.items);
    await expect(importAreas(mem, '3709', y2023, 2023)).rejects.toEqual(new OlderTableError(2023, 2024));
    expect(mem.areas.items).toEqual(before);
    // A province import holds the city's areas too.
    await expect(importAreas(mem, '37', y2023, 2023)).rejects.toBeInstanceOf(OlderTableError);
    const forced = await importAreas(mem, '3709', y2023, 2023, { force: true });
    expect(forced.restored.map((a) => a.id)).toEqual(['370902003001']);
  });

  it('counts an import that only retired areas as the newer table', async () => {
    await importAreas(mem, '3709', y2023, 2023);
    const plan = await importAreas(mem, '3709', y2024, 2024);
    expect(plan.writes.map((a) => [a.id, a.tableYear, a.retiredBy])).toEqual([['370902003001', 2024, 'table']]);
    await expect(importAreas(mem, '3709', y2023, 2023)).rejects.toBeInstanceOf(OlderTableError);
  });
});

describe('retirements', () => {
  it('restores only what an import retired: staff’s stay, and unmarked ones (from before the mark) too, listed', async () => {
    await importAreas(mem, '3709', y2023, 2023);
    await setAreaRetired(mem, center, '370902003009', true);
    const { retiredBy: _, ...unmarked } = { ...mem.areas.items.get('370902003001')!, retiredAt: '2025-01-01T00:00:00.000Z' };
    mem.areas.items.set(unmarked.id, unmarked);
    await importAreas(
      mem,
      '3709',
      y2023.filter((r) => r.code !== '370902003002'),
      2024,
    );
    expect(mem.areas.items.get('370902003002')).toMatchObject({ retiredBy: 'table' });

    const again = await importAreas(mem, '3709', y2023, 2024);
    expect(again.restored.map((a) => a.id)).toEqual(['370902003002']);
    expect(again.keptRetired.map((a) => a.id)).toEqual(['370902003001', '370902003009']);
    expect(mem.areas.items.get('370902003009')).toMatchObject({ retiredBy: 'staff', retiredAt: expect.any(String) });
    expect(mem.areas.items.get('370902003001')?.retiredAt).toBe('2025-01-01T00:00:00.000Z');
    expect(mem.areas.items.get('370902003002')?.retiredAt).toBeUndefined();
    expect(mem.areas.items.get('370902003002')?.retiredBy).toBeUndefined();
  });

  it('names the teams stationed in or serving an area it retires (a renumbered township), in a dry run too', async () => {
    await importAreas(mem, '3709', y2023, 2023);
    const team = (id: string, stationAreaId: string, servesAreaId: string) =>
      createTeam(mem, center, { id, name: { zh: id, en: id }, stationAreaId, servesAreaId, capacity: 2, services: ['appliance-repair'] });
    await team('serves-taiqian', '370902001001', TAIQIAN);
    await team('stationed-keda', '370902003009', '370902003009');
    await team('serves-district', '370902001001', '370902');
    const renumbered = y2023.map((r) => (r.code.startsWith(TAIQIAN) ? { ...r, code: `370902099${r.code.slice(9)}` } : r));
    const before = new Map(mem.areas.items);

    const dry = await importAreas(mem, '3709', renumbered, 2024, { dryRun: true });
    expect(mem.areas.items).toEqual(before);
    expect(dry.retired).toHaveLength(29);
    expect(dry.teamsInRetired.map((t) => t.id).sort()).toEqual(['serves-taiqian', 'stationed-keda']);

    const run = await importAreas(mem, '3709', renumbered, 2024);
    expect(run.teamsInRetired.map((t) => t.id).sort()).toEqual(['serves-taiqian', 'stationed-keda']);
    expect(mem.areas.items.get(TAIQIAN)?.retiredBy).toBe('table');
  });
});
