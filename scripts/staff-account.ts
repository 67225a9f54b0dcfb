/**
 * What `npm run admin-user` does in the user pool, apart from its argument checks so a unit test
 * can run it against a mocked Cognito client. Creating the account and adding it to its group are
 * two calls; a rerun of the same command after the second one failed finishes the job rather
 * than leaving an account without a role.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  GetGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClaims } from '#shared/http/staff-sign-in';

export interface StaffAccount {
  readonly pool: string;
  readonly email: string;
  readonly role: 'center' | 'station';
  /** The `custom:areaId` attribute; none for a center admin of the whole deployment. */
  readonly area?: string;
}

/** created: a new account in its group; added: an existing account (same area) put in its group; unchanged: it already was. */
export type StaffAccountOutcome = 'created' | 'added' | 'unchanged';

/** The rerun cannot finish the job without changing what the account already is; the message says what to do. */
export class StaffAccountRefusedError extends Error {
  override readonly name = 'StaffAccountRefusedError';
}

const groupOf = (role: StaffAccount['role']) => (role === 'center' ? cognitoClaims.centerRole : cognitoClaims.stationRole);

export async function putStaffAccount(cognito: CognitoIdentityProviderClient, account: StaffAccount): Promise<StaffAccountOutcome> {
  const { pool, email, area } = account;
  const group = groupOf(account.role);
  // First, so a wrong pool fails before an account exists without its group.
  await cognito.send(new GetGroupCommand({ UserPoolId: pool, GroupName: group }));
  let username: string;
  let outcome: StaffAccountOutcome = 'created';
  try {
    const created = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          // The address is the one the admin was given: verified, so Cognito sends the invitation
          // and account recovery to it.
          { Name: 'email_verified', Value: 'true' },
          ...(area !== undefined ? [{ Name: cognitoClaims.areaClaim, Value: area }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    username = created.User?.Username ?? email;
  } catch (error) {
    if ((error as Error).name !== 'UsernameExistsException') throw error;
    username = await existingAccount(cognito, account);
    outcome = 'added';
    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: username }));
    const names = (groups.Groups ?? []).map((g) => g.GroupName);
    if (names.includes(group)) return 'unchanged';
    const other = groupOf(account.role === 'center' ? 'station' : 'center');
    if (names.includes(other)) {
      throw new StaffAccountRefusedError(
        `${email} already has an account in ${pool} in group ${other}; nothing changed. Remove it from that group first (aws cognito-idp admin-remove-user-from-group) to make it ${group}.`,
      );
    }
  }
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: username, GroupName: group }));
  return outcome;
}

/** The existing account's username, once its stored area is the one asked for. */
async function existingAccount(cognito: CognitoIdentityProviderClient, { pool, email, area }: StaffAccount): Promise<string> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: email }));
  const stored = user.UserAttributes?.find((a) => a.Name === cognitoClaims.areaClaim)?.Value;
  if (stored !== area) {
    const has = stored === undefined ? 'no area' : `area ${stored}`;
    const asked = area === undefined ? 'no --area' : `--area ${area}`;
    throw new StaffAccountRefusedError(
      `${email} already has an account in ${pool} with ${has}, but the command gives ${asked}; nothing changed. Rerun with the account's area, or change it first (docs/deploy.md, "To move station staff").`,
    );
  }
  return user.Username ?? email;
}
