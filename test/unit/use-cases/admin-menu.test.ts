import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { demoData } from '#shared/seed/seed-demo-data';
import { adminMenu, putCategory, putService } from '#shared/use-cases/admin-menu';
import { refusal, rejection } from '../../support/rejection';

async function conflict(attempt: Promise<unknown>): Promise<Error> {
  const error = await rejection(attempt);
  expect(error).toBeInstanceOf(ConflictError);
  return error;
}

const A: Staff = { id: 'c1', name: 'center-a@paidan.local', role: 'center' };
const B: Staff = { id: 'c2', name: 'center-b@paidan.local', role: 'center' };
let mem: MemoryDeps;
let now: Date;

beforeEach(() => {
  now = new Date('2026-12-07T02:00:00.000Z');
  mem = memoryDeps({ categories: demoData.categories, services: demoData.services, areas: demoData.areas, clock: { now: () => now } });
});

/** A service as the admin menu answers it, ready to send back changed. */
async function loaded(code: string): Promise<Record<string, unknown>> {
  const { code: _code, ...service } = (await adminMenu(mem.catalog, A)).services.find((s) => s.code === code)!;
  return service;
}

describe('menu edits by two admins at once', () => {
  it('refuses (409) a save from a page loaded before another save, and keeps that save', async () => {
    const code = demoData.services[0]!.code;
    const seenByA = await loaded(code);
    const seenByB = await loaded(code);
    expect(seenByA.version).toBe(0); // seeded: never saved by staff
    const saved = await putService(mem, B, code, { ...seenByB, slaHours: 24 });
    expect(saved.service).toMatchObject({ slaHours: 24, version: 1, updatedBy: B.name, updatedAt: now.toISOString() });
    const stale = await conflict(putService(mem, A, code, { ...seenByA, name: { zh: '改名', en: 'Renamed' } }));
    expect(stale.message).toContain('changed by someone else since you loaded it');
    expect(await mem.catalog.getService(code)).toMatchObject({ slaHours: 24, name: demoData.services[0]!.name });
    // Loaded again, A's change lands on B's.
    now = new Date(now.getTime() + 60_000);
    const again = await putService(mem, A, code, { ...(await loaded(code)), name: { zh: '改名', en: 'Renamed' } });
    expect(again.service).toMatchObject({ slaHours: 24, name: { zh: '改名' }, version: 2, updatedBy: A.name });
    expect((await adminMenu(mem.catalog, A)).services.find((s) => s.code === code)).toMatchObject({
      version: 2,
      updatedBy: A.name,
      updatedAt: now.toISOString(),
    });
  });

  it('creates a new service at version 0 only once, and a category as a service', async () => {
    const body = { ...(await loaded(demoData.services[0]!.code)), version: 0 };
    expect((await putService(mem, A, 'new-service', body)).created).toBe(true);
    await conflict(putService(mem, B, 'new-service', body));
    await conflict(putService(mem, B, 'other-service', { ...body, version: 3 }));
    expect(await mem.catalog.getService('other-service')).toBeUndefined();

    const category = (await adminMenu(mem.catalog, A)).categories[0]!;
    const { code, ...seen } = category;
    expect(await putCategory(mem, A, code, { ...seen, order: 99 })).toMatchObject({ order: 99, version: 1, updatedBy: A.name });
    await conflict(putCategory(mem, B, code, { ...seen, order: 7 }));
    expect((await mem.catalog.menu()).categories.find((c) => c.code === code)!.order).toBe(99);
  });

  it('requires the version seen (400 naming it), and keeps stamps out of the menu residents and teams see', async () => {
    const code = demoData.services[0]!.code;
    const { version: _v, ...withoutVersion } = await loaded(code);
    for (const version of [undefined, -1, 1.5, '1']) {
      const error = await refusal(putService(mem, A, code, { ...withoutVersion, ...(version === undefined ? {} : { version }) }));
      expect(error.issues.map((i) => i.field)).toEqual(['version']);
    }
    const error = await refusal(putCategory(mem, A, 'x-cat', { name: { zh: '类', en: 'Cat' }, order: 1 }));
    expect(error.issues.map((i) => i.field)).toEqual(['version']);
    await putService(mem, A, code, { ...withoutVersion, version: 0 });
    const shown = (await mem.catalog.menu()).services.find((s) => s.code === code)!;
    expect(shown).not.toHaveProperty('version');
    expect(shown).not.toHaveProperty('updatedBy');
    expect(await mem.catalog.getService(code)).not.toHaveProperty('updatedBy');
  });
});
