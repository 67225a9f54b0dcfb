/** `npm start`: the whole system on this machine, with the options below (`npm start -- --help`). */
import { parseArgs } from 'node:util';
import { tableAdapters } from '#shared/wiring/composition';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { issueTeamToken } from '#shared/domain/team-token';
import { seedDemoData } from '#shared/seed/seed-demo-data';
import { DataDirInUseError } from './data-dir-lock';
import { JavaMissingError } from './dynamodb-local';
import { demoStaff, LOCAL_STAFF_PASSWORD } from './identity-provider';
import { startLocalStack, type LocalStack } from './local-stack';
import { printLog } from './log-line';
import { PortInUseError } from './ports';
import { sdkNodeWarningOnce } from './sdk-warning';

const OPTIONS = `usage: npm start -- [options]   (or the environment variables named)
  --port N       (PAIDAN_PORT)      HTTP port, default 3000
  --data-dir D   (PAIDAN_DATA_DIR)  keep DynamoDB data in D across restarts (default: memory;
                                    the demo team token is new at each start)
  --no-seed                         do not load the demo data
  --bundles                         run the bundles \`cdk deploy\` uploads, not the TypeScript sources
  --help                            print this`;

let values: { port: string; 'data-dir'?: string; 'no-seed': boolean; bundles: boolean; help: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PAIDAN_PORT ?? '3000' },
      'data-dir': { type: 'string', default: process.env.PAIDAN_DATA_DIR },
      'no-seed': { type: 'boolean', default: false },
      bundles: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  // An unknown option or a stray argument: say so and list the options, without a stack.
  process.stderr.write(`paidan: ${(error as Error).message}\n${OPTIONS}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${OPTIONS}\n`);
  process.exit(0);
}

sdkNodeWarningOnce();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got "${values.port}"`);

const started = Date.now();
// Ctrl-C while starting exits at once, through `exit` (which removes the bundles' directory and
// the data directory's lock; Java goes with our stdin); once running, the stack stops in order.
let stack: LocalStack | undefined;
let shuttingDown = false;
const shutdown = async (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  printLog('paidan', `${signal}: stopping`);
  await stack?.stop();
  process.exit(stack ? 0 : 130);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
try {
  stack = await startLocalStack({ port, bundled: values.bundles, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) });

  const demoTeam = 'ruidi-repair';
  const adapters = tableAdapters(stack.tableName, createDocumentClient(stack.dynamodb));
  if (!values['no-seed']) {
    const seeded = await seedDemoData(adapters);
    const c = seeded.counts;
    printLog(
      'seed',
      seeded.seeded ? `demo data loaded: ${c.areas} areas, ${c.services} services, ${c.teams} teams` : 'demo data already present',
    );
    // The real teams come without contact details; locally one gets an address that never
    // delivers, so its offers show on /dev/outbox.
    const team = seeded.seeded ? await adapters.teams.get(demoTeam) : undefined;
    if (team) {
      const { active: _active, recentOrders: _recent, ...stored } = team;
      await adapters.teams.register(
        { ...stored, channels: [{ kind: 'email', address: `${demoTeam}@example.invalid` }] },
        await adapters.teams.handledServices(demoTeam),
      );
    }
  }
  // A fresh token for one demo team on every start, so the team endpoints can be tried locally.
  const demoToken = (await adapters.teams.get(demoTeam)) ? issueTeamToken(demoTeam) : undefined;
  if (demoToken) await adapters.teams.setTokenHash(demoTeam, demoToken.hash);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${[
      '',
      `paidan is running (started in ${seconds}s; data ${values['data-dir'] ? `kept in ${values['data-dir']}` : 'in memory'})`,
      `  Resident form   ${stack.apiUrl}/   (lookup by tracking code: ${stack.apiUrl}/lookup)`,
      `  Consoles        ${stack.apiUrl}/console (staff)   ${stack.apiUrl}/team (teams)`,
      `  API             ${stack.apiUrl}/services  /areas  POST /requests  /requests/{id}?token=…`,
      `  DynamoDB Local  ${process.env.AWS_ENDPOINT_URL_DYNAMODB} (table ${stack.tableName})`,
      `  SQS             ${process.env.AWS_ENDPOINT_URL_SQS} (queue ${Object.values(stack.queues)
        .map((q) => q.url.split('/').pop())
        .join(', ')})`,
      `  Dev outbox      ${stack.apiUrl}/dev/outbox  (every SMS, email and webhook notice; local only)`,
      ...(demoToken ? [`  Team token      ${demoToken.token}  (demo team 瑞迪e修站: GET /team/offers, /team/orders)`] : []),
      `  Staff sign-in   ${stack.identity.issuer}  (OpenID provider in process; the console signs in there)`,
      `                  ${demoStaff.center.login} (center admin), ${demoStaff.station.login} (staff of 科大社区), password ${LOCAL_STAFF_PASSWORD}`,
      `  Admin tokens    center ${stack.adminTokens.center}`,
      `                  station ${stack.adminTokens.station}  (ID tokens from that provider, valid an hour; paste one into the console)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n')}\n`,
  );
} catch (error) {
  if (error instanceof PortInUseError || error instanceof JavaMissingError || error instanceof DataDirInUseError) fail(error.message);
  throw error;
}

function fail(message: string): never {
  process.stderr.write(`paidan: ${message}\n`);
  process.exit(1);
}
