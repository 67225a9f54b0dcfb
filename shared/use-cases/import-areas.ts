/**
 * Importing a province or city from the division table (`npm run areas -- import`): the plan of
 * `planAreaImport`, written a level at a time, provinces first, each level complete before the
 * next starts, so an import that stops partway never leaves a community stored without its
 * township (it would be listed under the district, taking orders). Running it again finishes it:
 * the plan of a second run is what is still missing. A second identical import writes nothing.
 */
import { type Area, areaLevels, isWithin, lineage } from '#shared/domain/area';
import { type AreaImportPlan, planAreaImport, type TableArea } from '#shared/domain/area-import';
import type { Team } from '#shared/domain/team';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import type { TeamRepository } from '#shared/ports/team-repository';

export interface ImportAreasDeps {
  readonly areas: AreaRepository;
  readonly teams: Pick<TeamRepository, 'stationedWithin'>;
  readonly clock: Clock;
}

export interface ImportAreasOptions {
  /** Import a table older than the one the stored areas come from (it undoes the newer one's changes). */
  readonly force?: boolean;
  /** Plan only: nothing is written. */
  readonly dryRun?: boolean;
}

export interface AreaImportResult extends AreaImportPlan {
  /**
   * Teams stationed in or serving an area this import retires (or one inside it): they take no
   * new order there, and a renumbered area's new code is another area, so staff move them.
   */
  readonly teamsInRetired: readonly Team[];
}

/** The table is older than the one some stored area of the scope came from. */
export class OlderTableError extends Error {
  constructor(
    readonly tableYear: number,
    readonly storedYear: number,
  ) {
    super(`The stored areas come from the ${storedYear} table; this is the ${tableYear} table, which would undo its changes.`);
    this.name = 'OlderTableError';
  }
}

/** Some levels were written, the rest not; every level above `level` is complete, nothing below it was started. */
export class AreaImportIncompleteError extends Error {
  constructor(
    readonly written: number,
    readonly total: number,
    readonly level: Area['level'],
    options: { cause: unknown },
  ) {
    super(
      `The import stopped at the ${level} level, ${written} of ${total} changes written (${String(options.cause)}). ` +
        'Run the import again to finish: it writes only what is still missing.',
      options,
    );
    this.name = 'AreaImportIncompleteError';
  }
}

/** Brings the stored subtree of `scope` (and its ancestors) in line with `table`; returns what it wrote (or would). */
export async function importAreas(
  deps: ImportAreasDeps,
  scope: string,
  table: readonly TableArea[],
  tableYear: number,
  options: ImportAreasOptions = {},
): Promise<AreaImportResult> {
  // A table from before the areas' listings is reindexed first, once (a dry run writes nothing).
  if (!options.dryRun) await deps.areas.ensureListed();
  const ancestors = lineage(scope).slice(1);
  const stored = [...(await deps.areas.getMany(ancestors)).flatMap((a) => a ?? []), ...(await deps.areas.subtree(scope))];
  const storedYear = Math.max(0, ...stored.map((a) => a.tableYear ?? 0));
  if (tableYear < storedYear && !options.force) throw new OlderTableError(tableYear, storedYear);
  const plan = planAreaImport(scope, stored, table, tableYear, deps.clock.now());
  const teamsInRetired = await teamsWithin(deps, plan.retired);
  if (!options.dryRun) await writeByLevel(deps.areas, plan.writes);
  return { ...plan, teamsInRetired };
}

async function writeByLevel(areas: AreaRepository, writes: readonly Area[]): Promise<void> {
  let written = 0;
  for (const level of areaLevels) {
    const batch = writes.filter((a) => a.level === level);
    if (batch.length === 0) continue;
    try {
      await areas.putMany(batch);
    } catch (cause) {
      throw new AreaImportIncompleteError(written, writes.length, level, { cause });
    }
    written += batch.length;
  }
}

async function teamsWithin(deps: ImportAreasDeps, retired: readonly Area[]): Promise<Team[]> {
  if (retired.length === 0) return [];
  const within = (id: string) => retired.some((area) => isWithin(id, area.id));
  return (await deps.teams.stationedWithin()).filter((team) => within(team.stationAreaId) || within(team.servesAreaId));
}
