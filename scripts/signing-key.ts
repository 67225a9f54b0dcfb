/**
 * `npm run signing-key -- rotate|revoke --table <TableName>`: a new signing key for offer links,
 * volunteer sessions and sealed answers. `rotate` (routine) keeps the key before honoured until
 * what it signed has expired; `revoke` (a leak) drops every other key at once: every outstanding
 * link and session stops working. The identity numbers' hash key is not touched (it is pinned
 * first if it was not yet). Runs with your AWS credentials; every function takes the new key
 * within `RING_REFRESH_MS`.
 */
import { parseArgs } from 'node:util';
import { RING_REFRESH_MS } from '#shared/adapters/dynamo/signing-keys';
import { tableAdapters } from '#shared/wiring/composition';

const USAGE = 'usage: npm run signing-key -- rotate|revoke --table <TableName output of the stack>';
const { values, positionals } = parseArgs({
  options: { table: { type: 'string', default: process.env.TABLE_NAME } },
  allowPositionals: true,
});
const [mode] = positionals;
if ((mode !== 'rotate' && mode !== 'revoke') || positionals.length !== 1 || !values.table) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const outcome = await tableAdapters(values.table).signingKeys.rotate(mode);
const lines = [
  `New signing key ${outcome.current}; every function signs with it within ${RING_REFRESH_MS / 1000} s.`,
  ...(outcome.kept.length
    ? ['Keys still honoured for what they signed:', ...outcome.kept.map((k) => `  ${k.id} until ${k.retiresAt}`)]
    : ['No other key is honoured.']),
];
process.stdout.write(`${lines.join('\n')}\n`);
