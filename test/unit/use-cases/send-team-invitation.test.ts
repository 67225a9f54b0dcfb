/**
 * A team's invitation leaves by SMS through the notify queue: inviting does the same work for
 * every phone, the phone travels sealed, and the consumer sends one SMS per invitation, with the
 * team's name and the link to /me, only while the invitation waits for the phone's answer.
 */
import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { beijingDay } from '#shared/domain/beijing-day';
import { parseNotifyMessage } from '#shared/domain/notices';
import {
  INVITATION_SMS_PER_DAY,
  INVITATION_SMS_PER_PHONE_PER_DAY,
  legacyInvitationPhoneKey,
  newInvitation,
} from '#shared/domain/team-invitation';
import { INVITATION_SMS_HOURS, type TeamInvitationMessage } from '#shared/domain/team-invitation-message';
import {
  MisconfiguredDeliveryError,
  NoTemplateDeliveryError,
  RecipientRefusedDeliveryError,
  ThrottledDeliveryError,
} from '#shared/ports/notification-sender';
import { REFUSED_FOR_GOOD, REFUSED_NUMBERS, smsRefusalFields } from '#shared/observability/refusals';
import { sendTeamInvitation, UnreadableTeamInvitationError } from '#shared/use-cases/send-team-invitation';
import { acceptInvitation, declineInvitation, inviteMember, withdrawInvitation } from '#shared/use-cases/team-invitations';
import { teamFixture } from '../../support/fixtures';
import { memoryWithVolunteer } from '../../support/memory-volunteer';
import { recorded } from '../../support/recorded-ports';

const REGISTERED = '+8613700001234';
const STRANGER = '+8613700004321';
const PUBLIC_URL = 'https://paidan.example.cn';

async function deps() {
  const { mem, later } = await memoryWithVolunteer(REGISTERED);
  await mem.teams.register(teamFixture('team-a', { name: { zh: '瑞迪e修站', en: 'Ruidi repair' } }), []);
  return { mem, later, consumer: { ...mem, publicUrl: PUBLIC_URL } };
}
type Mem = Awaited<ReturnType<typeof deps>>['mem'];

/** The messages the invitations queued, as the consumer reads them off the queue. */
const queued = (mem: Mem) => mem.publisher.sent.map((m) => parseNotifyMessage(JSON.stringify(m.body)) as TeamInvitationMessage);

const smsTo = (mem: Mem, phone: string) => mem.sender.sent.filter((s) => s.target.kind === 'sms' && s.target.phone === phone);

describe('inviting a phone to a team', () => {
  it('makes the same calls to the same ports for a registered phone as for one nobody registered, and looks up neither', async () => {
    const runs = [];
    for (const phone of [REGISTERED, STRANGER]) {
      const { mem } = await deps();
      const { deps: watched, calls } = recorded(mem);
      await inviteMember(watched, 'team-a', { phone });
      runs.push({ calls, queued: queued(mem).map((m) => ({ ...m, id: m.id.split('.')[0], sealed: m.sealed.length })) });
    }
    expect(runs[0]?.calls).toEqual([
      'clock.now',
      'limiter.take',
      'invitations.ofTeam',
      'signingKeys.identityKey',
      'invitations.invite',
      'signingKeys.current',
      'limiter.counted',
      'limiter.counted',
      'publisher.publish',
    ]);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('queues the phone sealed: the message names the invitation, never the phone', async () => {
    const { mem } = await deps();
    const { invitation } = await inviteMember(mem, 'team-a', { phone: REGISTERED });
    const [message] = queued(mem);
    expect(Object.keys(message!).sort()).toEqual(['giveUpAt', 'id', 'kind', 'sealed']);
    expect(message).toMatchObject({ kind: 'team-invitation', id: invitation.id });
    const text = JSON.stringify(mem.publisher.sent);
    for (const secret of [REGISTERED, REGISTERED.slice(3), REGISTERED.slice(-4)]) expect(text).not.toContain(secret);
  });

  it('queues the SMS again when the team invites again within its first hours, and not after', async () => {
    const { mem, later } = await deps();
    const first = await inviteMember(mem, 'team-a', { phone: STRANGER });
    expect(first.sms).toBe('queued');
    later(60);
    expect(await inviteMember(mem, 'team-a', { phone: STRANGER })).toEqual(first);
    later(INVITATION_SMS_HOURS * 3600);
    expect(await inviteMember(mem, 'team-a', { phone: STRANGER })).toEqual({ ...first, sms: 'day-over' });
    expect(queued(mem).map((m) => m.id)).toEqual([first.invitation.id, first.invitation.id]);
  });

  it('sends no invitation SMS that comes back more than 12 hours late, since it says to answer within 14 days', async () => {
    const { mem, consumer, later } = await deps();
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const [message] = queued(mem);
    mem.sender.fail = () => new ThrottledDeliveryError('too many to this number for now');
    await expect(sendTeamInvitation(consumer, message!)).rejects.toThrow('for now');
    mem.sender.fail = () => undefined;
    later(12 * 3600 + 60);
    expect(await sendTeamInvitation(consumer, message!)).toEqual({ kind: 'too-late' });
    expect(smsTo(mem, STRANGER)).toEqual([]);
  });

  it('fails when the queue cannot be reached, keeping the invitation, whose SMS inviting again queues', async () => {
    const { mem, consumer } = await deps();
    mem.publisher.failing = true;
    await expect(inviteMember(mem, 'team-a', { phone: STRANGER })).rejects.toThrow('queue unavailable');
    mem.publisher.failing = false;
    const { invitation: again } = await inviteMember(mem, 'team-a', { phone: STRANGER });
    expect((await mem.invitations.ofTeam('team-a', mem.clock.now())).map((i) => i.id)).toEqual([again.id]);
    const [message] = queued(mem);
    expect(message?.id).toBe(again.id);
    expect(await sendTeamInvitation(consumer, message!)).toEqual({ kind: 'sent' });
  });
});

describe('the notify queue’s consumer of team invitations', () => {
  it('sends the team’s name and the link to /me to a registered phone and to one nobody registered alike', async () => {
    const { mem, consumer } = await deps();
    await inviteMember(mem, 'team-a', { phone: REGISTERED });
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const outcomes = [];
    for (const message of queued(mem)) outcomes.push(await sendTeamInvitation(consumer, message));
    expect(outcomes).toEqual([{ kind: 'sent' }, { kind: 'sent' }]);
    for (const phone of [REGISTERED, STRANGER]) {
      const [sms, ...more] = smsTo(mem, phone);
      expect(more).toEqual([]);
      expect(sms?.notice).toMatchObject({ kind: 'team-invitation', values: { team: '瑞迪e修站' } });
      expect(sms?.notice.text).toContain('瑞迪e修站');
      expect(sms?.notice.text.endsWith(`${PUBLIC_URL}/me`)).toBe(true);
      // Nothing of the person, whoever holds the phone.
      expect(sms?.notice.text).not.toContain('吴志愿');
    }
  });

  it('sends the SMS of an invitation made before the keyed hash when the team invites again (upgrade shim, until 2026-12-21)', async () => {
    const { mem, consumer } = await deps();
    const legacy = {
      ...newInvitation(Buffer.alloc(32), 'team-a', STRANGER, '137****4321', mem.clock.now()),
      phoneKey: legacyInvitationPhoneKey(STRANGER),
    };
    await mem.invitations.invite(legacy, mem.clock.now());
    expect((await inviteMember(mem, 'team-a', { phone: STRANGER })).invitation.id).toBe(legacy.id);
    const [message] = queued(mem);
    expect(await sendTeamInvitation(consumer, message!)).toEqual({ kind: 'sent' });
    expect(smsTo(mem, STRANGER)).toHaveLength(1);
  });

  it('sends one SMS per invitation however often its message arrives and however often the team invites', async () => {
    const { mem, consumer } = await deps();
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const [message, again] = queued(mem);
    const copies = await Promise.all([
      sendTeamInvitation(consumer, message!),
      sendTeamInvitation(consumer, message!).catch((e: Error) => e.name),
    ]);
    copies.push(await sendTeamInvitation(consumer, message!), await sendTeamInvitation(consumer, again!));
    // Two at once: one sends, the other finds it in flight and fails (the queue brings it back), then finds it sent.
    expect(copies).toEqual([{ kind: 'sent' }, 'DeliveryInFlightError', { kind: 'already-sent' }, { kind: 'already-sent' }]);
    expect(smsTo(mem, STRANGER)).toHaveLength(1);
  });

  it('sends one phone a few invitation SMS a day from any teams, however often they withdraw and invite again; a copy does not count; past them the team is told', async () => {
    const { mem, consumer } = await deps();
    const { limit } = INVITATION_SMS_PER_PHONE_PER_DAY;
    const outcomes = [];
    for (let i = 0; i < limit; i++) {
      const team = `team-${i % 2 ? 'a' : 'b'}`;
      if (i < 2 && team === 'team-b') await mem.teams.register(teamFixture(team), []);
      const { invitation, sms } = await inviteMember(mem, team, { phone: STRANGER });
      expect(sms).toBe('queued');
      const message = queued(mem).at(-1)!;
      outcomes.push((await sendTeamInvitation(consumer, message)).kind);
      if (i === 0) outcomes.push((await sendTeamInvitation(consumer, message)).kind);
      await withdrawInvitation(mem, team, invitation.id);
    }
    expect(outcomes).toEqual(['sent', 'already-sent', ...Array(limit - 1).fill('sent')]);
    // The phone's day is over: the invitation stands, no SMS is queued, and the team is told so.
    const over = await inviteMember(mem, 'team-a', { phone: STRANGER });
    expect(over.sms).toBe('phone-limit');
    expect(await mem.invitations.ofTeam('team-a', mem.clock.now())).toEqual([expect.objectContaining({ id: over.invitation.id })]);
    expect(queued(mem)).toHaveLength(limit);
    expect(smsTo(mem, STRANGER)).toHaveLength(limit);
    // Another phone is its own.
    expect((await inviteMember(mem, 'team-a', { phone: REGISTERED })).sms).toBe('queued');
    expect((await sendTeamInvitation(consumer, queued(mem).at(-1)!)).kind).toBe('sent');
  });

  it('counts the phone’s invitation SMS by days of Beijing time', async () => {
    const { mem, consumer, later } = await deps();
    const { limit } = INVITATION_SMS_PER_PHONE_PER_DAY;
    // From 09:00 in Beijing: the phone's day of SMS.
    for (let i = 0; i < limit; i++) {
      const { invitation } = await inviteMember(mem, 'team-a', { phone: STRANGER });
      expect((await sendTeamInvitation(consumer, queued(mem).at(-1)!)).kind).toBe('sent');
      await withdrawInvitation(mem, 'team-a', invitation.id);
    }
    later(14 * 3600 + 59 * 60); // 23:59
    expect((await inviteMember(mem, 'team-a', { phone: STRANGER })).sms).toBe('phone-limit');
    later(60); // midnight in Beijing (16:00 UTC, the same UTC day): a new day
    expect((await inviteMember(mem, 'team-a', { phone: STRANGER })).sms).toBe('queued');
    expect((await sendTeamInvitation(consumer, queued(mem).at(-1)!)).kind).toBe('sent');
  });

  it('holds a message queued before the phone’s day was over: the consumer counts what went', async () => {
    const { mem, consumer } = await deps();
    const { limit } = INVITATION_SMS_PER_PHONE_PER_DAY;
    const teams = Array.from({ length: limit + 1 }, (_, i) => `team-${i}`);
    for (const team of teams) {
      await mem.teams.register(teamFixture(team), []);
      expect((await inviteMember(mem, team, { phone: STRANGER })).sms).toBe('queued');
    }
    const outcomes = [];
    for (const message of queued(mem)) outcomes.push((await sendTeamInvitation(consumer, message)).kind);
    expect(outcomes).toEqual([...Array(limit).fill('sent'), 'held']);
    expect(smsTo(mem, STRANGER)).toHaveLength(limit);
  });

  it('counts toward the phone’s day only the SMS that went: sends that failed for now count nothing', async () => {
    const { mem, consumer } = await deps();
    const { limit } = INVITATION_SMS_PER_PHONE_PER_DAY;
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const [message] = queued(mem);
    mem.sender.fail = () => new ThrottledDeliveryError('too many to this number for now');
    for (let i = 0; i < limit; i++) await expect(sendTeamInvitation(consumer, message!)).rejects.toThrow('for now');
    mem.sender.fail = () => undefined;
    expect(await sendTeamInvitation(consumer, message!)).toEqual({ kind: 'sent' });
    await mem.teams.register(teamFixture('team-b'), []);
    await inviteMember(mem, 'team-b', { phone: STRANGER });
    expect(await sendTeamInvitation(consumer, queued(mem).at(-1)!)).toEqual({ kind: 'sent' });
  });

  it('sends no invitation SMS past the deployment’s day’s budget, however the messages were queued', async () => {
    const { mem, consumer } = await deps();
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const { key, limit, windowSeconds } = INVITATION_SMS_PER_DAY;
    for (let i = 0; i < limit; i++) await mem.limiter.take(key, limit, windowSeconds, beijingDay(mem.clock.now()));
    expect(await sendTeamInvitation(consumer, queued(mem)[0]!)).toEqual({ kind: 'held' });
    expect(smsTo(mem, STRANGER)).toEqual([]);
    // Held for good: the message arriving again sends nothing.
    expect(await sendTeamInvitation(consumer, queued(mem)[0]!)).toEqual({ kind: 'already-sent' });
  });

  it('sends nothing for an invitation withdrawn, declined or accepted before its message arrives, nor past its give-up time', async () => {
    const { mem, consumer, later } = await deps();
    const { invitation: withdrawn } = await inviteMember(mem, 'team-a', { phone: STRANGER });
    await withdrawInvitation(mem, 'team-a', withdrawn.id);
    // Declined only: the team's half still waits, as for a phone nobody answered; the person's is gone.
    await mem.teams.register(teamFixture('team-c'), []);
    const { invitation: declined } = await inviteMember(mem, 'team-c', { phone: REGISTERED });
    await declineInvitation(mem, 'p1', declined.id);
    const { invitation: accepted } = await inviteMember(mem, 'team-a', { phone: REGISTERED });
    await acceptInvitation(mem, 'p1', accepted.id);
    await mem.teams.register(teamFixture('team-b'), []);
    const { invitation: late } = await inviteMember(mem, 'team-b', { phone: REGISTERED });
    const outcomes = [];
    for (const message of queued(mem).slice(0, 3)) outcomes.push((await sendTeamInvitation(consumer, message)).kind);
    expect(outcomes).toEqual(['not-pending', 'not-pending', 'not-pending']);
    later(INVITATION_SMS_HOURS * 3600);
    const [lateMessage] = queued(mem).slice(3);
    expect(lateMessage?.id).toBe(late.id);
    expect(await sendTeamInvitation(consumer, lateMessage!)).toEqual({ kind: 'too-late' });
    expect(mem.sender.sent).toEqual([]);
  });

  it('sends nothing for a team that is no more, notes a refusal for good once, and refuses a message no key of the ring opens', async () => {
    const { mem, consumer } = await deps();
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    // The team's token was good when it invited; its team is not found when the message arrives.
    await inviteMember(mem, 'team-gone', { phone: STRANGER });
    const [message, toRemoved] = queued(mem);
    const altered = { ...message!, giveUpAt: new Date(Date.parse(message!.giveUpAt) - 60_000).toISOString() };
    await expect(sendTeamInvitation(consumer, altered)).rejects.toBeInstanceOf(UnreadableTeamInvitationError);
    const otherRing = memoryDeps({ signingKey: { id: 'k0', secret: Buffer.alloc(32, 8) } });
    await expect(sendTeamInvitation({ ...consumer, signingKeys: otherRing.signingKeys }, message!)).rejects.toBeInstanceOf(
      UnreadableTeamInvitationError,
    );
    expect(await sendTeamInvitation(consumer, toRemoved!)).toEqual({ kind: 'not-pending' });
    mem.sender.fail = () => new RecipientRefusedDeliveryError('SMS refused by Tencent Cloud (FailedOperation.PhoneNumberInBlacklist)');
    expect(await sendTeamInvitation(consumer, message!)).toEqual({
      kind: 'refused',
      refusal: 'recipient',
      cause: 'SMS refused by Tencent Cloud (FailedOperation.PhoneNumberInBlacklist)',
    });
    expect(await sendTeamInvitation(consumer, message!)).toEqual({ kind: 'already-sent' });
    expect(mem.sender.sent).toEqual([]);
  });

  it('says apart that the deployment has no template for the optional invitation SMS, with the cause, not as a refusal to alarm on', async () => {
    const { mem, consumer } = await deps();
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const [message] = queued(mem);
    mem.sender.fail = () => new NoTemplateDeliveryError('SMS not sent: no template for team-invitation');
    expect(await sendTeamInvitation(consumer, message!)).toEqual({
      kind: 'no-template',
      cause: 'SMS not sent: no template for team-invitation',
    });
    expect(await sendTeamInvitation(consumer, message!)).toEqual({ kind: 'already-sent' });
  });

  it('names the cause of a refusal an operator fixes, for the alarm', async () => {
    const { mem, consumer } = await deps();
    await inviteMember(mem, 'team-a', { phone: STRANGER });
    const [message] = queued(mem);
    mem.sender.fail = () => new MisconfiguredDeliveryError('SMS refused by Alibaba Cloud (isv.SMS_SIGNATURE_ILLEGAL)');
    const outcome = await sendTeamInvitation(consumer, message!);
    expect(outcome).toEqual({
      kind: 'refused',
      refusal: 'configuration',
      cause: 'SMS refused by Alibaba Cloud (isv.SMS_SIGNATURE_ILLEGAL)',
    });
    expect(smsRefusalFields('configuration')).toEqual({ [REFUSED_FOR_GOOD]: 1 });
    expect(smsRefusalFields('recipient')).toEqual({ [REFUSED_NUMBERS]: 1 });
    expect(smsRefusalFields('other')).toEqual({});
  });
});
