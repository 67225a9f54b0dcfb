/**
 * Importing a province or city from the division table (`npm run areas -- import`): the plan of
 * `planAreaImport`, written. A second identical import writes nothing.
 */
import { lineage } from '#shared/domain/area';
import { type AreaImportPlan, planAreaImport, type TableArea } from '#shared/domain/area-import';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';

export interface ImportAreasDeps {
  readonly areas: AreaRepository;
  readonly clock: Clock;
}

/** Brings the stored subtree of `scope` (and its ancestors) in line with `table`; returns what it wrote. */
export async function importAreas(
  deps: ImportAreasDeps,
  scope: string,
  table: readonly TableArea[],
  tableYear: number,
): Promise<AreaImportPlan> {
  await deps.areas.ensureListed(); // a table from before the areas' listings is reindexed first, once
  const ancestors = lineage(scope).slice(1);
  const stored = [...(await deps.areas.getMany(ancestors)).flatMap((a) => a ?? []), ...(await deps.areas.subtree(scope))];
  const plan = planAreaImport(scope, stored, table, tableYear, deps.clock.now());
  await deps.areas.putMany(plan.writes);
  return plan;
}
