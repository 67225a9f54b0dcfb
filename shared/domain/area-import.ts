/**
 * A yearly re-import of the division table, as a plan: what to add, rename, retire and restore so
 * the stored areas of one scope match the table. Pure, so the same plan is tested without storage
 * and written by `importAreas` (shared/use-cases/import-areas.ts). An area that left the table is
 * retired, never deleted: requests, teams and statistics keep naming it.
 */
import { type Area, displayName, isWithin, kindOf, levelOf, significantCode } from './area';

export interface TableArea {
  readonly code: string;
  readonly officialName: string;
}

export interface AreaImportPlan {
  readonly added: Area[];
  readonly renamed: Array<{ readonly area: Area; readonly from: string }>;
  /** Same official name, its display name as an earlier version of this code derived it (`西黄` for 西黄村委会): now derived again. */
  readonly respelled: readonly Area[];
  readonly retired: Area[];
  /** Retired by an earlier import and in the table again. */
  readonly restored: Area[];
  /** In the table, yet retired by staff (or before retirements were marked): left retired, for staff to restore by hand. */
  readonly keptRetired: readonly Area[];
  /** Every area to write: the lists above, each once. Empty when storage already matches. */
  readonly writes: Area[];
}

/** A stored area built from a table row. */
export function areaFromTable(row: TableArea, tableYear: number): Area {
  const id = significantCode(row.code);
  const level = levelOf(id);
  const name = displayName(row.officialName);
  return { id, level, name: { zh: name, en: name }, officialName: row.officialName, kind: kindOf(row.officialName, level), tableYear };
}

/**
 * The plan for `scope` (a province or city id): `stored` is what storage holds in that subtree,
 * `table` the table's rows there (ancestors of the scope may be included; they are kept current too).
 */
export function planAreaImport(
  scope: string,
  stored: readonly Area[],
  table: readonly TableArea[],
  tableYear: number,
  now: Date,
): AreaImportPlan {
  const current = new Map(stored.map((a) => [a.id, a]));
  const wanted = new Map(table.map((row) => [significantCode(row.code), areaFromTable(row, tableYear)]));
  const added: Area[] = [];
  const renamed: Array<{ area: Area; from: string }> = [];
  const restored: Area[] = [];
  const keptRetired: Area[] = [];
  const retired: Area[] = [];
  const respelled: Area[] = [];

  for (const [id, fresh] of wanted) {
    const before = current.get(id);
    if (!before) {
      added.push(fresh);
      continue;
    }
    // Only an import's own retirement is undone by an import; staff's stays (an unmarked one too).
    const wasRetired = before.retiredAt !== undefined && before.retiredBy === 'table';
    if (before.retiredAt !== undefined && !wasRetired) keptRetired.push(before);
    const nameChanged = before.officialName !== fresh.officialName;
    // Derived by the old rule and never edited since (a name staff set by hand stays theirs).
    if (!nameChanged && before.name.zh === legacyDisplayName(before.officialName) && before.name.zh !== fresh.name.zh)
      // An English name staff set by hand stays theirs too (a derived one is the Chinese again).
      respelled.push({ ...before, name: { zh: fresh.name.zh, en: before.name.en === before.name.zh ? fresh.name.en : before.name.en } });
    if (!wasRetired && !nameChanged) continue;
    // A rename replaces the display name too; the year records which table said so.
    const { retiredAt: _gone, retiredBy: _by, ...unretired } = before;
    const kept = wasRetired ? unretired : before;
    const next: Area = nameChanged
      ? { ...kept, officialName: fresh.officialName, name: fresh.name, kind: fresh.kind, tableYear }
      : { ...kept, tableYear };
    if (nameChanged) renamed.push({ area: next, from: before.officialName });
    if (wasRetired) restored.push(next);
  }
  for (const area of stored) {
    if (!wanted.has(area.id) && isWithin(area.id, scope) && area.retiredAt === undefined) {
      retired.push({ ...area, retiredAt: now.toISOString(), retiredBy: 'table', tableYear });
    }
  }
  const writes = new Map<string, Area>();
  for (const area of [...respelled, ...added, ...renamed.map((r) => r.area), ...restored, ...retired]) {
    const earlier = writes.get(area.id);
    writes.set(area.id, earlier && respelled.includes(earlier) ? { ...area, name: earlier.name } : area);
  }
  return { added, renamed, respelled, retired, restored, keptRetired, writes: [...writes.values()] };
}

/** `displayName` before villages kept their 村 (`西黄村委会` → `西黄`). */
function legacyDisplayName(officialName: string): string {
  const short = officialName.replace(/(社区)?(居民委员会|居委会)$/, '社区').replace(/(村民委员会|村委会)$/, '');
  return short.length > 0 ? short : officialName;
}
