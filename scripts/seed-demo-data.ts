/**
 * `npm run seed -- --table <TableName>`: loads the Tai'an demo data (menu, areas, teams) into a
 * deployed table with the caller's AWS credentials. Writes nothing when the data is there already.
 */
import { parseArgs } from 'node:util';
import { tableAdapters } from '#shared/wiring/composition';
import { seedDemoData } from '#shared/seed/seed-demo-data';

const { values } = parseArgs({ options: { table: { type: 'string', default: process.env.TABLE_NAME } } });
if (!values.table) {
  process.stderr.write('usage: npm run seed -- --table <TableName output of the stack>\n');
  process.exit(2);
}
const result = await seedDemoData(tableAdapters(values.table));
const c = result.counts;
process.stdout.write(
  result.seeded
    ? `Loaded ${c.categories} categories, ${c.services} services, ${c.areas} areas and ${c.teams} teams into ${values.table}.\n`
    : `${values.table} already holds the demo data; nothing written.\n`,
);
