/**
 * `npm run reindex-requests -- --table <TableName>`: gives every stored request the creation
 * index's keys (gsi4; 2026-12) it lacks, then marks the table indexed, from when the admins' list
 * reads a bounded amount a page through it (before: gsi3, each district month whole). Run it after
 * the deploy that adds gsi4, once the index is ACTIVE (it refuses to mark the table before). Writes
 * only those keys, so a status change meanwhile stays; idempotent.
 */
import { parseArgs } from 'node:util';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { reindexRequests } from './requests-reindex';

const { values } = parseArgs({ options: { table: { type: 'string', default: process.env.TABLE_NAME } } });
if (!values.table) {
  process.stderr.write('usage: npm run reindex-requests -- --table <TableName> (or set TABLE_NAME)\n');
  process.exit(2);
}
const { stored, written } = await reindexRequests(createDocumentClient(), values.table);
process.stdout.write(
  `${values.table}: ${stored} requests stored, ${written} given their creation index keys; the table is marked indexed.\n`,
);
