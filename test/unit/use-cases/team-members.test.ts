import { expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { beijingDay } from '#shared/domain/beijing-day';
import { GoneError, NotFoundError, RateLimitedError } from '#shared/domain/errors';
import { INVITATION_DAYS, INVITATION_SMS_PER_DAY } from '#shared/domain/team-invitation';
import {
  acceptInvitation,
  declineInvitation,
  INVITATIONS_PER_TEAM_PER_DAY,
  inviteMember,
  leaveTeam,
  myInvitations,
  pendingInvitations,
  withdrawInvitation,
} from '#shared/use-cases/team-invitations';
import { isTeamsLedger } from '#shared/use-cases/volunteers';
import { KEDA, teamFixture } from '../../support/fixtures';

const registered = (mem: ReturnType<typeof memoryDeps>, id: string, phone: string) =>
  mem.volunteers.register({
    id,
    name: '吴志愿',
    phone,
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });

it('answers a team the same for a registered phone and for one nobody registered, names nobody, and makes no member', async () => {
  const mem = memoryDeps();
  await registered(mem, 'p1', '+8613700001111');
  const { invitation: known } = await inviteMember(mem, 'team-a', { phone: '13700001111' });
  const { invitation: unknown } = await inviteMember(mem, 'team-a', { phone: '13700002222' });
  expect(Object.keys(known)).toEqual(Object.keys(unknown));
  expect(known).toEqual({
    id: expect.stringMatching(/^team-a\./),
    phone: '137****1111',
    invitedAt: expect.any(String),
    expiresAt: expect.any(String),
  });
  expect(JSON.stringify(known)).not.toContain('吴志愿');
  expect(await mem.volunteers.members('team-a')).toEqual([]);
  expect(await isTeamsLedger(mem, 'team-a', 'person#p1')).toBe(false);
  expect((await pendingInvitations(mem, 'team-a')).map((i) => i.phone).sort()).toEqual(['137****1111', '137****2222']);
});

it('lets a team invite a bounded number of phones a day, so a token cannot flood pages or the table', async () => {
  const mem = memoryDeps();
  for (let i = 0; i < INVITATIONS_PER_TEAM_PER_DAY.limit; i++) await inviteMember(mem, 'team-a', { phone: `137${String(20000000 + i)}` });
  await expect(inviteMember(mem, 'team-a', { phone: '13700001111' })).rejects.toBeInstanceOf(RateLimitedError);
  expect(mem.publisher.sent).toHaveLength(INVITATIONS_PER_TEAM_PER_DAY.limit);
  // Another team's invitations are its own.
  expect(await inviteMember(mem, 'team-b', { phone: '13700001111' })).toMatchObject({ invitation: { phone: '137****1111' } });
});

it('counts a team’s invitations by days of Beijing time, refused only until Beijing midnight', async () => {
  let now = new Date('2026-12-06T15:00:00.000Z'); // 23:00 in Beijing
  const mem = memoryDeps({ clock: { now: () => now } });
  for (let i = 0; i < INVITATIONS_PER_TEAM_PER_DAY.limit; i++) await inviteMember(mem, 'team-a', { phone: `137${String(20000000 + i)}` });
  const refused = await inviteMember(mem, 'team-a', { phone: '13700001111' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RateLimitedError);
  expect((refused as RateLimitedError).retryAfterSeconds).toBe(3600);
  now = new Date('2026-12-06T16:30:00.000Z'); // 00:30 the next day in Beijing, the same UTC day
  expect(await inviteMember(mem, 'team-a', { phone: '13700001111' })).toMatchObject({ invitation: { phone: '137****1111' } });
});

it('makes a member only of the person with the phone who accepts; accepting twice is one membership; a lapsed invitation is gone', async () => {
  let now = new Date('2026-12-06T02:00:00.000Z');
  const mem = memoryDeps({ clock: { now: () => now } });
  await mem.teams.register(teamFixture('team-a'), []);
  await registered(mem, 'p1', '+8613700001111');
  await registered(mem, 'p2', '+8613700002222');
  const { invitation } = await inviteMember(mem, 'team-a', { phone: '13700001111' });
  expect(await myInvitations(mem, 'p2')).toEqual([]);
  expect(await myInvitations(mem, 'p1')).toEqual([
    {
      id: invitation.id,
      teamId: 'team-a',
      team: teamFixture('team-a').name,
      invitedAt: invitation.invitedAt,
      expiresAt: invitation.expiresAt,
    },
  ]);
  // Someone else signed in cannot accept it for them.
  await expect(acceptInvitation(mem, 'p2', invitation.id)).rejects.toBeInstanceOf(GoneError);
  expect(await acceptInvitation(mem, 'p1', invitation.id)).toEqual({ teamId: 'team-a' });
  expect(await acceptInvitation(mem, 'p1', invitation.id)).toEqual({ teamId: 'team-a' });
  expect((await mem.volunteers.members('team-a')).map((m) => m.volunteerId)).toEqual(['p1']);
  expect(await isTeamsLedger(mem, 'team-a', 'person#p1')).toBe(true);
  expect(await leaveTeam(mem, 'p1', 'team-a')).toEqual({ left: true });
  expect(await leaveTeam(mem, 'p1', 'team-a')).toEqual({ left: false });
  await expect(leaveTeam(mem, 'p1', '13700001111 <b>')).rejects.toBeInstanceOf(NotFoundError);
  expect(await isTeamsLedger(mem, 'team-a', 'person#p1')).toBe(false);

  const { invitation: lapsing } = await inviteMember(mem, 'team-a', { phone: '13700002222' });
  now = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
  expect(await myInvitations(mem, 'p2')).toEqual([]);
  await expect(acceptInvitation(mem, 'p2', lapsing.id)).rejects.toBeInstanceOf(GoneError);
  await expect(withdrawInvitation(mem, 'team-a', lapsing.id)).rejects.toBeInstanceOf(NotFoundError);
  expect(await mem.volunteers.members('team-a')).toEqual([]);
});

it('queues no invitation SMS past the deployment’s day’s budget, for any phone, and tells the team; the invitation still waits', async () => {
  const mem = memoryDeps();
  await mem.teams.register(teamFixture('team-a'), []);
  await registered(mem, 'p1', '+8613700001111');
  const now = mem.clock.now();
  const { key, limit, windowSeconds } = INVITATION_SMS_PER_DAY;
  for (let i = 0; i < limit; i++) await mem.limiter.take(key, limit, windowSeconds, beijingDay(now));
  const answers = [
    await inviteMember(mem, 'team-a', { phone: '13700001111' }),
    await inviteMember(mem, 'team-b', { phone: '13700002222' }),
  ];
  expect(answers.map((a) => a.sms)).toEqual(['over-budget', 'over-budget']);
  expect(mem.publisher.sent).toEqual([]);
  expect((await myInvitations(mem, 'p1')).map((i) => i.id)).toEqual([answers[0]?.invitation.id]);
});

it('shows the team a declined invitation as one nobody answered, leaves nothing of a withdrawn one, and lets no team withdraw another team’s', async () => {
  const mem = memoryDeps();
  await registered(mem, 'p1', '+8613700001111');
  const { invitation: declined } = await inviteMember(mem, 'team-a', { phone: '13700001111' });
  const { invitation: unanswered } = await inviteMember(mem, 'team-a', { phone: '13700002222' });
  expect(await declineInvitation(mem, 'p1', declined.id)).toEqual({ declined: true });
  // The team sees the two alike: one was declined, the other's phone nobody registered.
  const byId = (list: Array<{ id: string }>) => [...list].sort((x, y) => x.id.localeCompare(y.id));
  expect(byId(await pendingInvitations(mem, 'team-a'))).toEqual(byId([declined, unanswered]));
  await expect(acceptInvitation(mem, 'p1', declined.id)).rejects.toBeInstanceOf(GoneError);
  // Invited again: the same invitation, back for the person to answer (here, to decline again).
  expect(await inviteMember(mem, 'team-a', { phone: '13700001111' })).toEqual({ invitation: declined, sms: 'queued' });
  expect(await declineInvitation(mem, 'p1', declined.id)).toEqual({ declined: true });
  await withdrawInvitation(mem, 'team-a', declined.id);

  const { invitation: withdrawn } = await inviteMember(mem, 'team-a', { phone: '13700001111' });
  expect(withdrawn.id).not.toBe(declined.id);
  await expect(withdrawInvitation(mem, 'team-b', withdrawn.id)).rejects.toBeInstanceOf(NotFoundError);
  await withdrawInvitation(mem, 'team-a', withdrawn.id);
  await expect(acceptInvitation(mem, 'p1', withdrawn.id)).rejects.toBeInstanceOf(GoneError);
  await expect(acceptInvitation(mem, 'p1', 'no-invitation')).rejects.toBeInstanceOf(NotFoundError);
  expect(await mem.volunteers.members('team-a')).toEqual([]);
});
