/**
 * A team's invitation by SMS on the local stack: `POST /team/members` queues the invitation
 * sealed on the notify queue, making the same DynamoDB and SQS calls for a registered phone as
 * for one nobody registered, and `send-notifications` sends either phone exactly one SMS with the
 * team's name and the link to /me: none when the team invites again, when the message arrives
 * again, or when the invitation was withdrawn first.
 */
import { describe, expect, it } from 'vitest';
import type { PublishedMessage } from '#shared/adapters/memory/queue-publisher';
import { issueTeamToken } from '#shared/domain/team-token';
import { systemClock } from '#shared/ports/clock';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { inviteMember, withdrawInvitation } from '#shared/use-cases/team-invitations';
import { queuePublisher } from '#shared/wiring/composition';
import { teamFixture } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { drained, useLocalStack } from '../support/local-stack';
import { uniquePhone } from '../support/served-order';
import { registeredPhone, smsOfKindTo } from '../support/volunteer-session';
import { watchedClients } from '../support/watched-clients';

const local = useLocalStack({ seed: false });

async function teamWithToken(id: string, zh: string) {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(id, { name: { zh, en: `${id} team` } }), []);
  const issued = issueTeamToken(id);
  await adapters.teams.setTokenHash(id, issued.hash);
  return { authorization: `Bearer ${issued.token}` };
}

const registered = () => registeredPhone(local().adapters.volunteers, '邀志愿');
/** Every invitation SMS in the dev outbox to the national `phone`. */
const invitationSmsTo = (phone: string) => smsOfKindTo(local().url, phone, 'team-invitation');

describe('a team’s invitation by SMS on the local stack', () => {
  it('sends a registered phone and one nobody registered exactly one SMS each, with the team’s name and the link to /me; inviting again sends none', async () => {
    const { url, stack } = local();
    const team = await teamWithToken('sms-invite-a', '瑞迪e修站');
    const phones = [await registered(), uniquePhone()];
    const invite = async (phone: string) => {
      const reply = await postJson(`${url}/team/members`, { phone }, team);
      expect(reply.status, reply.text).toBe(202);
      return reply.json().invitation.id as string;
    };
    const ids = [];
    for (const phone of phones) ids.push(await invite(phone));
    expect(await drained(stack, 'notify')).toBe(0);
    for (const phone of phones) {
      const [sms, ...more] = await invitationSmsTo(phone);
      expect(more).toEqual([]);
      expect(sms?.text).toContain('瑞迪e修站');
      expect(sms?.text.endsWith(`${url}/me`), sms?.text).toBe(true);
      expect(sms?.text).not.toContain('邀志愿');
      // The link leads to the sign-in (and from there to registering).
      expect((await call(`${url}/me`)).status).toBe(200);
    }

    // Again while they wait: the same invitations, no second SMS.
    for (const [i, phone] of phones.entries()) expect(await invite(phone)).toBe(ids[i]);
    expect(await drained(stack, 'notify')).toBe(0);
    for (const phone of phones) expect(await invitationSmsTo(phone)).toHaveLength(1);
  });

  it('makes the same table and queue calls for a registered phone as for one nobody registered, and no queued message holds the phone', async () => {
    const { stack } = local();
    await teamWithToken('sms-invite-b', '红先锋');
    const { tables, publisher, calls, bodies } = watchedClients(stack);
    const deps = { ...tables, publisher, clock: systemClock };
    // The ring is read once and cached a few seconds by every container, whoever is invited.
    await Promise.all([deps.signingKeys.current(), deps.signingKeys.identityKey()]);
    const phones = [await registered(), uniquePhone()];
    const runs = [];
    for (const phone of phones) {
      calls.length = 0;
      await inviteMember(deps, 'sms-invite-b', { phone });
      runs.push([...calls]);
    }
    // Counted, the team's pending ones read (one made before the keyed hash is the same invitation),
    // the invitation written (both halves in one transaction), the deployment's and the phone's day of SMS
    // read (by its keyed hash), queued: nothing looks the phone up.
    expect(runs[0]).toEqual([
      'dynamodb UpdateItemCommand RATE',
      'dynamodb QueryCommand (no key)',
      'dynamodb TransactWriteItemsCommand (no key)',
      'dynamodb GetItemCommand RATE',
      'dynamodb GetItemCommand RATE',
      'sqs SendMessageCommand',
    ]);
    expect(runs[1]).toEqual(runs[0]);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(JSON.parse(body)).toMatchObject({ kind: 'team-invitation', id: expect.stringMatching(/^sms-invite-b\./) });
      for (const phone of phones) for (const form of [phone, `+86${phone}`]) expect(body).not.toContain(form);
    }
    expect(await drained(stack, 'notify')).toBe(0);
    for (const phone of phones) expect(await invitationSmsTo(phone)).toHaveLength(1);
  });

  it('makes the same calls to invite again after the phone declined as after nobody answered, and puts the declined one back', async () => {
    const { stack } = local();
    await teamWithToken('sms-invite-d', '再邀队');
    const { tables, publisher, calls } = watchedClients(stack);
    const deps = { ...tables, publisher, clock: systemClock };
    await Promise.all([deps.signingKeys.current(), deps.signingKeys.identityKey()]);
    const [declining, silent] = [await registered(), uniquePhone()];
    const { invitation } = await inviteMember(deps, 'sms-invite-d', { phone: declining });
    await inviteMember(deps, 'sms-invite-d', { phone: silent });
    const { phoneKey } = (await tables.invitations.ofTeam('sms-invite-d', new Date())).find((i) => i.id === invitation.id)!;
    expect(await tables.invitations.decline(invitation.id, phoneKey, new Date())).toBe(true);
    const runs = [];
    for (const phone of [declining, silent]) {
      calls.length = 0;
      await inviteMember(deps, 'sms-invite-d', { phone });
      runs.push([...calls]);
    }
    expect(runs[0]).toContain('dynamodb TransactWriteItemsCommand (no key)');
    expect(runs[1]).toEqual(runs[0]);
    expect((await tables.invitations.forPhone(phoneKey, new Date())).map((i) => i.id)).toEqual([invitation.id]);
  });

  it('sends one SMS when the message arrives twice, and none for an invitation withdrawn before its message arrives', async () => {
    const { adapters, stack } = local();
    await teamWithToken('sms-invite-c', '巾帼靓');
    const kept: PublishedMessage[] = [];
    const keeping: QueuePublisher = { publish: async (message) => void kept.push(message) };
    const deps = { ...adapters, publisher: keeping, clock: systemClock };
    const [waiting, withdrawn] = [uniquePhone(), uniquePhone()];
    await inviteMember(deps, 'sms-invite-c', { phone: waiting });
    const { invitation: taken } = await inviteMember(deps, 'sms-invite-c', { phone: withdrawn });
    await withdrawInvitation(deps, 'sms-invite-c', taken.id);
    const publisher = queuePublisher({ notify: stack.queues.notify.url }, stack.sqs);
    // The same message twice, the copy after the first was handled (SQS delivers at least once).
    for (let copy = 0; copy < 2; copy++) {
      for (const message of kept) await publisher.publish(message);
      expect(await drained(stack, 'notify')).toBe(0);
      expect(await invitationSmsTo(waiting)).toHaveLength(1);
      expect(await invitationSmsTo(withdrawn)).toEqual([]);
    }
  });
});
