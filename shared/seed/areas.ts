/**
 * The demo places: the real 泰安市 (Tai'an, 3709) with all its districts and counties, townships
 * and streets, communities and villages, from the committed extract of the 2023 division table
 * (shared/seed/data/README.md), and its province 山东省 (37) above it.
 */
import type { Area } from '#shared/domain/area';
import { areaFromTable } from '#shared/domain/area-import';
import { DEMO_TABLE, readDivisionTable, TABLE_YEAR } from './area-table';

export const CITY_ID = '3709';

/** The demo places the seed's teams stand at (DOMAIN.md). */
export const HUAYUAN = '370902001012';
export const KEDA = '370902003009';
export const YANBEI = '370911001005';

/** Read at module load, so a bad row fails the import rather than the first request. */
export const demoAreas: readonly Area[] = readDivisionTable(DEMO_TABLE).map((row) =>
  areaFromTable({ code: row.code, officialName: row.name }, TABLE_YEAR),
);
