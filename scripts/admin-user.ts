/**
 * `npm run admin-user -- --pool <UserPoolId> --email <address> --role center|station [--area <areaId>]`:
 * creates a staff account in the stack's user pool and puts it in its role's group. Cognito
 * emails the temporary password; at first sign-in the person sets a new password and an
 * authenticator app (TOTP). Station staff need `--area`, their station's area id. A center
 * admin with `--area` (a city, 3709, or a district) manages that area only; without it, the whole
 * deployment, and alone the menu, the credit rules and failed messages (docs/staff-sign-in.md).
 * Runs with your AWS credentials; the region is the pool's, read from its id. If it fails after
 * the account was made, the same command again puts the account in its group (scripts/staff-account.ts).
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { cognitoClaims } from '#shared/http/staff-sign-in';
import { areaId } from '#shared/domain/area';
import { putStaffAccount, StaffAccountRefusedError, type StaffAccountOutcome } from './staff-account';

const USAGE =
  'usage: npm run admin-user -- --pool <UserPoolId> --email <address> --role center|station [--area <areaId>: required for station, optional for center]';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let values: { pool?: string; email?: string; role?: string; area?: string };
try {
  ({ values } = parseArgs({
    options: { pool: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, area: { type: 'string' } },
  }));
} catch (error) {
  fail(`${(error as Error).message}; ${USAGE}`, 2);
}
const { pool, email, role, area } = values;
if (!pool || !email || !role) fail(USAGE, 2);

// Pool ids are `<region>_<id>`, e.g. ap-east-1_AbC123xyz.
const region = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/.exec(pool)?.[1];
if (!region) fail(`--pool ${JSON.stringify(pool)} is not a user pool id such as ap-east-1_AbC123xyz (the UserPoolId stack output).`, 2);
if (!z.email().safeParse(email).success) fail(`--email ${JSON.stringify(email)} is not an email address.`, 2);
if (role !== 'center' && role !== 'station') fail(`--role must be center or station, got ${JSON.stringify(role)}.`, 2);
if (role === 'station' && area === undefined) fail('--area <areaId> is required for station staff, e.g. --area 370902003009.', 2);
if (area !== undefined && !areaId.safeParse(area).success) {
  fail(`--area ${JSON.stringify(area)} is not an area id (a division code such as 3709 or 370902003009).`, 2);
}

const group = role === 'center' ? cognitoClaims.centerRole : cognitoClaims.stationRole;
const cognito = new CognitoIdentityProviderClient({ region });
let outcome: StaffAccountOutcome;
try {
  outcome = await putStaffAccount(cognito, { pool, email, role, ...(area !== undefined ? { area } : {}) });
} catch (error) {
  const { name, message } = error as Error;
  if (error instanceof StaffAccountRefusedError) fail(message);
  if (name === 'ResourceNotFoundException')
    fail(`${pool} has no group ${group}: is it the UserPoolId output of the Paidan stack in ${region}? (${message})`);
  fail(`${name}: ${message.replace(/\s+/g, ' ')}. Once that is fixed, the same command again finishes the job.`);
}
const who = `${email} as ${group}${area !== undefined ? ` of ${area}` : ''} in ${pool}`;
process.stdout.write(
  {
    created: `Created ${who}; Cognito has emailed the temporary password.\n`,
    added: `Added the existing account ${who}; its invitation went out when the account was made.\n`,
    unchanged: `${who} already; nothing changed.\n`,
  }[outcome],
);
