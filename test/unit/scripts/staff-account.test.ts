import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  GetGroupCommand,
  InternalErrorException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { putStaffAccount, type StaffAccount } from '../../../scripts/staff-account';

/** A user pool with its two groups, held in memory behind the mocked client. */
const cognito = mockClient(CognitoIdentityProviderClient);
let users: Map<string, { username: string; area?: string; groups: Set<string> }>;
let addToGroupFailures: number;

beforeEach(() => {
  cognito.reset();
  users = new Map();
  addToGroupFailures = 0;
  cognito.on(GetGroupCommand).resolves({ Group: {} });
  cognito.on(AdminCreateUserCommand).callsFake(({ Username, UserAttributes }) => {
    if (users.has(Username)) throw new UsernameExistsException({ message: 'User account already exists', $metadata: {} });
    const area = UserAttributes.find((a: { Name: string }) => a.Name === 'custom:areaId')?.Value;
    users.set(Username, { username: `sub-${users.size}`, ...(area ? { area } : {}), groups: new Set() });
    return { User: { Username: `sub-${users.size - 1}` } };
  });
  // Cognito takes the email (a sign-in alias) or the generated username.
  const byUsername = (name: string) => users.get(name) ?? [...users.values()].find((u) => u.username === name);
  cognito.on(AdminGetUserCommand).callsFake(({ Username }) => {
    const user = byUsername(Username)!;
    return { Username: user.username, UserAttributes: user.area ? [{ Name: 'custom:areaId', Value: user.area }] : [] };
  });
  cognito.on(AdminListGroupsForUserCommand).callsFake(({ Username }) => ({
    Groups: [...byUsername(Username)!.groups].map((GroupName) => ({ GroupName })),
  }));
  cognito.on(AdminAddUserToGroupCommand).callsFake(({ Username, GroupName }) => {
    if (addToGroupFailures > 0) {
      addToGroupFailures -= 1;
      throw new InternalErrorException({ message: 'simulated failure', $metadata: {} });
    }
    byUsername(Username)!.groups.add(GroupName);
    return {};
  });
});

const client = () => new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const keda: StaffAccount = { pool: 'eu-west-1_AbC123xyz', email: 'keda@example.org', role: 'station', area: '370902003009' };

describe('putStaffAccount (npm run admin-user)', () => {
  it('creates the account in its group', async () => {
    await expect(putStaffAccount(client(), keda)).resolves.toBe('created');
    expect(users.get('keda@example.org')).toMatchObject({ area: '370902003009', groups: new Set(['station-staff']) });
  });

  it('finishes the job on a rerun after the group call failed, and then changes nothing', async () => {
    addToGroupFailures = 1;
    await expect(putStaffAccount(client(), keda)).rejects.toThrow('simulated failure');
    expect(users.get('keda@example.org')?.groups).toEqual(new Set());

    await expect(putStaffAccount(client(), keda)).resolves.toBe('added');
    expect(users.get('keda@example.org')?.groups).toEqual(new Set(['station-staff']));
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(2);

    await expect(putStaffAccount(client(), keda)).resolves.toBe('unchanged');
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(2);
  });

  it('refuses, changing nothing, when the existing account has another area or the other role', async () => {
    addToGroupFailures = 1;
    await expect(putStaffAccount(client(), keda)).rejects.toThrow('simulated failure');
    await expect(putStaffAccount(client(), { ...keda, area: '370902003010' })).rejects.toThrow(
      'keda@example.org already has an account in eu-west-1_AbC123xyz with area 370902003009, but the command gives --area 370902003010; nothing changed.',
    );
    const { area: _, ...wholeDeployment } = keda;
    await expect(putStaffAccount(client(), { ...wholeDeployment, role: 'center' })).rejects.toThrow(
      'with area 370902003009, but the command gives no --area; nothing changed.',
    );
    await putStaffAccount(client(), keda);
    await expect(putStaffAccount(client(), { ...keda, role: 'center' })).rejects.toThrow(
      'already has an account in eu-west-1_AbC123xyz in group station-staff; nothing changed.',
    );
    expect(users.get('keda@example.org')?.groups).toEqual(new Set(['station-staff']));
  });
});
