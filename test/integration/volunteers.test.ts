import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postJson, validSubmission } from '../support/http';
import { KEDA, teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { residentId } from '../support/resident-id';
import { serveOrder, uniquePhone } from '../support/served-order';
import { acceptedAgo } from '../support/visit-time';
import { signedIn } from '../support/volunteer-session';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const json = { 'content-type': 'application/json' };
const OUTSIDE = '370911001005';

async function teamWithToken(id: string) {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(id, { capacity: 5 }), ['appliance-repair']);
  const issued = issueTeamToken(id);
  await adapters.teams.setTokenHash(id, issued.hash);
  return { authorization: `Bearer ${issued.token}` };
}

describe('volunteers as people', () => {
  it('are registered by station staff with the identity number kept only masked and hashed, one person per phone and document', async () => {
    const { url, stack } = local();
    const number = residentId('37090219850317123');
    const phone = uniquePhone();
    const body = { name: '赵志愿', phone, identity: { type: 'resident-id', number }, volunteerNumber: 'SD37-0001', homeAreaId: KEDA };
    const made = await postJson(`${url}/admin/volunteers`, body, station());
    expect(made.status, made.text).toBe(201);
    const person = made.json();
    expect(person).toMatchObject({
      name: '赵志愿',
      phone: `+86${phone}`,
      identity: { type: 'resident-id', masked: `370902********${number.slice(-4)}` },
    });
    expect(made.text).not.toContain(number);

    // The number is nowhere in the table; its hash is, under a key only the deployment has.
    const items = (await createDocumentClient(stack.dynamodb).send(new ScanCommand({ TableName: stack.tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain(number);
    expect(JSON.stringify(items)).not.toContain(number.slice(6, 14));

    expect((await postJson(`${url}/admin/volunteers`, { ...body, identity: undefined }, station())).status).toBe(409);
    expect((await postJson(`${url}/admin/volunteers`, { ...body, phone: uniquePhone() }, station())).status).toBe(409);
    const badNumber = await postJson(
      `${url}/admin/volunteers`,
      { ...body, phone: uniquePhone(), identity: { type: 'resident-id', number: `${number.slice(0, 17)}0` } },
      station(),
    );
    expect(badNumber.status).toBe(400);
    expect(badNumber.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['identity.number']);
    const noPhone = await postJson(`${url}/admin/volunteers`, { name: '钱', phone: '123', homeAreaId: KEDA }, station());
    expect(noPhone.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['phone']);
    // Station staff register only in their own area; outside, the area does not exist for them.
    expect(
      (await postJson(`${url}/admin/volunteers`, { ...body, phone: uniquePhone(), identity: undefined, homeAreaId: OUTSIDE }, station()))
        .status,
    ).toBe(404);

    // Counted in the statistics of every area of the home community, the refused ones not at all.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const stats = (await call(`${url}/admin/volunteer-stats`, { headers: station() })).json();
    expect(stats).toMatchObject({ area: KEDA, to: month, registered: 1, months: [{ month, registered: 1 }] });
    expect((await call(`${url}/admin/volunteer-stats?area=3709`, { headers: center() })).json().registered).toBeGreaterThanOrEqual(1);
    // The padded form of the same code reads the same figures.
    const padded = (await call(`${url}/admin/volunteer-stats?area=370900000000`, { headers: center() })).json();
    expect(padded).toMatchObject({
      area: '3709',
      registered: (await call(`${url}/admin/volunteer-stats?area=3709`, { headers: center() })).json().registered,
    });
    expect((await call(`${url}/admin/volunteer-stats?area=${OUTSIDE}`, { headers: station() })).status).toBe(404);
    // A code nobody knows, inside the center's area, is a 404 as in the request statistics, not a year of zeros (review 74).
    expect((await call(`${url}/admin/volunteer-stats?area=370902999999`, { headers: center() })).status).toBe(404);
    const badMonth = await call(`${url}/admin/volunteer-stats?from=2026-13`, { headers: station() });
    expect(badMonth.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['from']);

    const found = await call(`${url}/admin/volunteers?phone=${phone}`, { headers: station() });
    expect(found.json().id).toBe(person.id);
    expect((await call(`${url}/admin/volunteers?phone=${uniquePhone()}`, { headers: station() })).status).toBe(404);
  });

  it('keep one ledger across their teams; only a team member is credited by id; a guest ledger merges in once', async () => {
    const { url } = local();
    const phone = uniquePhone();
    const person = (await postJson(`${url}/admin/volunteers`, { name: '孙志愿', phone, homeAreaId: KEDA }, center())).json();
    // Each team alone taking orders while it serves, so the offer is surely its own.
    const teamA = await teamWithToken('people-a');
    // Adding by phone is an invitation: no name, no member, until the person accepts on their own page.
    const invited = await postJson(`${url}/team/members`, { phone }, teamA);
    expect(invited.status, invited.text).toBe(202);
    expect(invited.json().invitation).toMatchObject({ phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    expect(invited.text).not.toContain('孙志愿');
    expect((await call(`${url}/team/members`, { headers: teamA })).json().members).toEqual([]);
    // A phone nobody registered is answered the same way (it was a 404 that told so).
    expect((await postJson(`${url}/team/members`, { phone: uniquePhone() }, teamA)).status).toBe(202);
    const session = await signedIn(url, phone);
    const accept = (id: string) => postJson(`${url}/me/invitations/${id}/accept`, {}, session);
    expect((await accept(invited.json().invitation.id)).status).toBe(200);
    expect((await call(`${url}/team/members`, { headers: teamA })).json().members).toEqual([
      expect.objectContaining({ id: person.id, name: '孙志愿' }),
    ]);
    // By the registered name (as the offer page's form writes it): the member, not a guest.
    await serveOrder(local(), teamA, [
      { volunteer: '孙志愿', minutes: 120 },
      { volunteer: '孙志愿(临时)', minutes: 60 },
    ]);
    await local().adapters.teams.setPaused('people-a', true);
    const teamB = await teamWithToken('people-b');
    expect((await accept((await postJson(`${url}/team/members`, { phone }, teamB)).json().invitation.id)).status).toBe(200);
    await serveOrder(local(), teamB, [{ volunteerId: person.id, minutes: 240 }]);
    const detail = await eventually(async () => {
      const d = (await call(`${url}/admin/volunteers/${person.id}`, { headers: center() })).json();
      return d.credits.hours === 6 ? d : undefined;
    });
    expect(detail.teams.map((t: { teamId: string }) => t.teamId).sort()).toEqual(['people-a', 'people-b']);
    expect(detail.credits).toMatchObject({ hours: 6, pointsEarned: 1.5, balance: 1.5 });
    // The statistics: one active volunteer in the community this month, two services, six hours
    // (the guest's hour is not a registered person's); the same in the street above it.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    for (const area of [KEDA, KEDA.slice(0, 9)]) {
      const stats = (await call(`${url}/admin/volunteer-stats?area=${area}&from=${month}`, { headers: center() })).json();
      expect(stats).toMatchObject({ services: 2, hours: 6, activeVolunteerMonths: 1, hoursPerActiveVolunteerMonth: 6 });
      expect(stats.months).toEqual([expect.objectContaining({ month, active: 1, services: 2, hours: 6, hoursPerActiveVolunteer: 6 })]);
    }
    // Each team sees only its own lines of the ledger, what they add up to and the person's hours in all; never the balance.
    const ledgerFrom = async (team: typeof teamA) =>
      (await call(`${url}/volunteers/${encodeURIComponent(`person#${person.id}`)}/credits`, { headers: team })).json();
    const fromB = await ledgerFrom(teamB);
    expect(fromB).toEqual({ volunteerKey: `person#${person.id}`, hours: 4, pointsEarned: 1, hoursAllTeams: 6, history: expect.any(Array) });
    expect(fromB.history).toEqual([expect.objectContaining({ kind: 'earn', hours: 4, teamId: 'people-b' })]);
    expect((await ledgerFrom(teamA)).history).toEqual([expect.objectContaining({ kind: 'earn', hours: 2, teamId: 'people-a' })]);

    // Someone not in the team is refused, naming the row; nothing is completed.
    const { url: u, adapters } = local();
    const stranger = (await postJson(`${u}/admin/volunteers`, { name: '周', phone: uniquePhone(), homeAreaId: KEDA }, center())).json();
    const created = (await postJson(`${u}/requests`, validSubmission({ phone: uniquePhone() }))).json();
    await eventually(async () => (await adapters.requests.get(created.id))?.status === 'OFFERED');
    const team = teamB;
    await call(`${u}/offers/${created.id}/accept`, { method: 'POST', headers: team });
    await acceptedAgo(local(), created.id);
    const refused = await call(`${u}/requests/${created.id}/complete`, {
      method: 'POST',
      headers: { ...team, ...json },
      body: JSON.stringify({
        hours: [
          { volunteer: '小王', minutes: 30 },
          { volunteerId: stranger.id, minutes: 30 },
        ],
      }),
    });
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['hours.1.volunteerId']);
    expect((await adapters.requests.get(created.id))!.status).toBe('ACCEPTED');

    // The guest's hours move to the person once.
    const merge = { teamId: 'people-a', name: '孙志愿(临时)' };
    const merged = await postJson(`${url}/admin/volunteers/${person.id}/merge`, merge, center());
    expect(merged.json()).toMatchObject({ moved: 1, credits: { hours: 7 } });
    expect((await postJson(`${url}/admin/volunteers/${person.id}/merge`, merge, center())).json()).toMatchObject({
      moved: 0,
      credits: { hours: 7 },
    });
    // The name went to this person: merging it into another is a 409 naming the first by id alone, and moves nothing.
    const elsewhere = await postJson(`${url}/admin/volunteers/${stranger.id}/merge`, merge, center());
    expect([elsewhere.status, elsewhere.json().error]).toEqual([
      409,
      expect.objectContaining({ code: 'MERGED_ELSEWHERE', message: expect.stringContaining(`another volunteer (${person.id})`) }),
    ]);
    expect(await adapters.credits.balance(`person#${stranger.id}`)).toMatchObject({ hours: 0, balance: 0 });
    // Removed from a team: its token no longer sees the person's ledger.
    expect((await call(`${url}/team/members/${person.id}`, { method: 'DELETE', headers: teamB })).status).toBe(200);
    expect((await call(`${url}/volunteers/${encodeURIComponent(`person#${person.id}`)}/credits`, { headers: teamB })).status).toBe(404);
  });
});
