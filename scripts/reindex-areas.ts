/**
 * `npx tsx scripts/reindex-areas.ts --table <TableName>`: once, after deploying the areas' level
 * and name listings (gsi2, gsi3; 2026-12), writes every stored area again so it carries them. Until
 * then the picker reads those areas the old way (a subtree through gsi1), correct but unbounded.
 * Idempotent; run it before any import or rename, which would list only the areas they write.
 */
import { parseArgs } from 'node:util';
import { tableAdapters } from '#shared/wiring/composition';

const { values } = parseArgs({ options: { table: { type: 'string', default: process.env.TABLE_NAME } } });
if (!values.table) {
  process.stderr.write('usage: npx tsx scripts/reindex-areas.ts --table <TableName> (or set TABLE_NAME)\n');
  process.exit(2);
}
const { areas } = tableAdapters(values.table);
const stored = await areas.subtree();
await areas.putMany(stored);
process.stdout.write(`${values.table}: ${stored.length} areas written with their level and name listings.\n`);
