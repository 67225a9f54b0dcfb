import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLog } from '#infra/local/log-line';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postForm, postJson, validFormFields, validSubmission } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { tapOutput, type OutputTap } from '../support/output-tap';
import { acceptedAgo } from '../support/visit-time';
import { signedIn } from '../support/volunteer-session';

const resident = { contactName: '欧阳慧敏', phone: '13700001111', address: '测试路88号7单元' };
/** A volunteer registered by staff and joined to a team: the identity number with a valid check character. */
const volunteer = { name: '司马志愿', phone: '13600002222', identityNumber: '370902198503171234' };
const forbidden = [
  resident.contactName,
  resident.phone,
  '+8613700001111',
  '0001111',
  resident.address,
  '测试路88号',
  volunteer.name,
  volunteer.phone,
  '0002222',
  '0003333',
  volunteer.identityNumber,
  '19850317',
];

// Every byte the process writes during the run: the local stack's lines and every handler's logs.
let tap: OutputTap;
beforeAll(() => {
  tap = tapOutput();
});
afterAll(() => tap.stop());

const local = useLocalStack({ log: printLog, queueVisibilitySeconds: { dispatch: 1 } });

describe('logs of a whole run', () => {
  it('never contain a resident’s name, phone number or address', async () => {
    const { url } = local();
    const created = (await postJson(`${url}/requests`, validSubmission(resident), { 'idempotency-key': 'pii-run-1' })).json();
    await postJson(`${url}/requests`, validSubmission(resident), { 'idempotency-key': 'pii-run-1' });
    await postJson(`${url}/requests`, validSubmission({ ...resident, description: 'x' }), { 'idempotency-key': 'pii-run-1' });
    await postForm(`${url}/requests`, validFormFields(resident));
    await postForm(`${url}/requests`, validFormFields({ ...resident, phone: `${resident.phone}99` }));
    await postJson(`${url}/requests`, validSubmission({ ...resident, areaId: '3709' }));
    await postJson(`${url}/requests`, { ...validSubmission(resident), extra: resident.phone });
    await call(`${url}/requests/${created.id}?token=${created.accessToken}`);
    await call(`${url}/requests/${created.id}?token=${created.accessToken}`, { headers: { accept: 'text/html' } });
    await call(`${url}/requests/${created.id}?token=nope`);
    // No team serves it yet: to the center at once.
    await eventually(async () => (await local().adapters.requests.get(created.id))?.status === 'ESCALATED');
    await local().stack.schedules[0]!.runNow();

    // The team's side and the resident's side of a whole order, where the contact is handed out.
    const { adapters } = local();
    await adapters.teams.register(teamFixture('pii-team', { capacity: 10 }), ['appliance-repair']);
    const issued = issueTeamToken('pii-team');
    await adapters.teams.setTokenHash('pii-team', issued.hash);
    const team = { authorization: `Bearer ${issued.token}`, 'content-type': 'application/json' };
    const order = (await postJson(`${url}/requests`, validSubmission(resident))).json();
    await eventually(async () => (await adapters.requests.get(order.id))?.status === 'OFFERED');
    await call(`${url}/team/offers`, { headers: team });
    await call(`${url}/offers/${order.id}/accept`, { method: 'POST', headers: team });
    await acceptedAgo(local(), order.id);
    expect(JSON.stringify((await call(`${url}/team/orders`, { headers: team })).json())).toContain(resident.address);
    await call(`${url}/requests/${order.id}/complete`, {
      method: 'POST',
      headers: team,
      body: '{"hours":[{"volunteer":"小赵","minutes":45}]}',
    });
    await call(`${url}/requests/${order.id}/rating`, {
      method: 'POST',
      headers: { 'x-access-token': order.accessToken, 'content-type': 'application/json' },
      body: '{"stars":5}',
    });
    await call(`${url}/requests/${created.id}/cancel`, { method: 'POST', headers: { 'x-access-token': created.accessToken } });

    // A volunteer registered by staff (and refused twice), found by phone, joined to the team.
    const staff = { authorization: `Bearer ${local().stack.adminTokens.center}` };
    const registration = {
      name: volunteer.name,
      phone: volunteer.phone,
      identity: { type: 'resident-id', number: volunteer.identityNumber },
      homeAreaId: '370902003009',
    };
    const person = (await postJson(`${url}/admin/volunteers`, registration, staff)).json();
    expect(person.identity.masked).toBe('370902********1234');
    await postJson(`${url}/admin/volunteers`, registration, staff);
    await postJson(
      `${url}/admin/volunteers`,
      { ...registration, identity: { type: 'resident-id', number: `${volunteer.identityNumber}9` } },
      staff,
    );
    await call(`${url}/admin/volunteers?phone=${volunteer.phone}`, { headers: staff });
    await call(`${url}/admin/volunteers/${person.id}`, { headers: staff });
    // The team invites them (and a phone nobody registered); they sign in, accept, leave; staff attach them again.
    const { invitation } = (await postJson(`${url}/team/members`, { phone: volunteer.phone }, team)).json();
    await postJson(`${url}/team/members`, { phone: '13600003333' }, team);
    await call(`${url}/team/members`, { headers: team });
    const session = await signedIn(url, volunteer.phone);
    await call(`${url}/me`, { headers: session });
    await postForm(`${url}/me/invitations/${invitation.id}/accept`, {}, session);
    await postForm(`${url}/me/teams/pii-team/leave`, { confirm: 'yes' }, session);
    await postForm(`${url}/me/invitations/${invitation.id}/accept`, {}, session);
    await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'pii-team' }, staff);
    expect(tap.text()).toContain('volunteer registered');
    expect(tap.text()).toContain('member invited');
    expect(tap.text()).toContain('invitation accepted');
    expect(tap.text()).toContain('volunteer attached to a team');

    expect(tap.text()).toContain('order completed');
    expect(tap.text()).toContain('request rated');
    expect(tap.text()).toContain('request stored');
    expect(tap.text()).toContain('request refused');
    expect(tap.text()).toContain('no team serving the area could take it: to the center');
    for (const value of forbidden) expect(tap.text(), value).not.toContain(value);
  });
});
