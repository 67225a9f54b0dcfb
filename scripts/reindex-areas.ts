/**
 * `npx tsx scripts/reindex-areas.ts --table <TableName>`: gives every stored area the level and
 * name listings (gsi2, gsi3; 2026-12) it lacks, then marks the table listed, from when the picker
 * reads through them (before: the subtree, correct but unbounded). `npm run areas -- import` and the
 * seed run it themselves on a table not marked. Writes only the listing attributes, so a rename or
 * import meanwhile stays; idempotent (run it again after a rollback that wrote areas).
 */
import { parseArgs } from 'node:util';
import { AreaListings } from '#shared/adapters/dynamo/area-listings';
import { createDocumentClient } from '#shared/adapters/dynamo/client';

const { values } = parseArgs({ options: { table: { type: 'string', default: process.env.TABLE_NAME } } });
if (!values.table) {
  process.stderr.write('usage: npx tsx scripts/reindex-areas.ts --table <TableName> (or set TABLE_NAME)\n');
  process.exit(2);
}
const { stored, written } = await new AreaListings(createDocumentClient(), values.table).relist();
process.stdout.write(
  `${values.table}: ${stored} areas stored, ${written} given their level and name listings; the table is marked listed.\n`,
);
