/**
 * `npm run team-token -- --team <teamId> --table <TableName>`: issues a new API token for a team
 * in a deployed table (the old one stops working) and prints it once. Only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { tableAdapters } from '#shared/wiring/composition';
import { issueTeamToken } from '#shared/domain/team-token';

const { values } = parseArgs({ options: { team: { type: 'string' }, table: { type: 'string', default: process.env.TABLE_NAME } } });
if (!values.team || !values.table) {
  process.stderr.write('usage: npm run team-token -- --team <teamId> --table <TableName output of the stack>\n');
  process.exit(2);
}
const { teams } = tableAdapters(values.table);
if (!(await teams.get(values.team))) {
  process.stderr.write(`No team ${values.team} in ${values.table}\n`);
  process.exit(1);
}
const issued = issueTeamToken(values.team);
await teams.setTokenHash(values.team, issued.hash);
process.stdout.write(`Token for ${values.team} (shown once; send it as "Authorization: Bearer <token>"):\n${issued.token}\n`);
