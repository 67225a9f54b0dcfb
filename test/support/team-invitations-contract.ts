/**
 * What every TeamInvitations does, checked on the DynamoDB adapter on DynamoDB Local
 * (integration) and on the in-memory one (unit). Each check uses teams and phones of its own.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INVITATION_DAYS, invitationPhoneKey, newInvitation } from '#shared/domain/team-invitation';
import type { TeamInvitations } from '#shared/ports/team-invitations';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const phone = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const at = (iso: string) => new Date(iso);
/** The identity key the invitations' phone keys are made with. */
const KEY = Buffer.alloc(32, 7);
const NOW = at('2026-12-06T02:00:00.000Z');
const later = (days: number) => new Date(NOW.getTime() + days * 24 * 3600_000);

export function teamInvitationsContract(
  name: string,
  subjects: () => {
    readonly invitations: TeamInvitations;
    readonly volunteers: Pick<VolunteerRegistry, 'members' | 'teamsOf' | 'addMember'>;
  },
): void {
  describe(name, () => {
    it('keeps one pending invitation per team and phone, listed for the phone and for the team', async () => {
      const { invitations } = subjects();
      const [teamA, teamB, p] = [unique('ta-'), unique('tb-'), phone()];
      const first = await invitations.invite(newInvitation(KEY, teamA, p, '139****0000', NOW), NOW);
      // Inviting again while it waits: the first stands, with its expiry.
      expect(await invitations.invite(newInvitation(KEY, teamA, p, '139****0000', later(1)), later(1))).toEqual(first);
      const fromB = await invitations.invite(newInvitation(KEY, teamB, p, '139****0000', later(2)), later(2));
      expect(await invitations.forPhone(invitationPhoneKey(KEY, p), later(3))).toEqual([first, fromB]);
      expect(await invitations.ofTeam(teamA, later(3))).toEqual([first]);
      expect(await invitations.forPhone(invitationPhoneKey(KEY, phone()), later(3))).toEqual([]);
    });

    it('accepts an invitation into a membership once; the invitation is gone for the team and the phone', async () => {
      const { invitations, volunteers } = subjects();
      const [team, p, person] = [unique('t-'), phone(), unique('v')];
      const invitation = await invitations.invite(newInvitation(KEY, team, p, '139****0000', NOW), NOW);
      expect(await volunteers.members(team)).toEqual([]);
      // Another phone's key does not accept it.
      expect(await invitations.accept(invitation.id, invitationPhoneKey(KEY, phone()), person, later(1))).toBe('gone');
      expect(await invitations.accept(invitation.id, invitation.phoneKey, person, later(1))).toBe('accepted');
      const membership = { teamId: team, volunteerId: person, since: later(1).toISOString() };
      expect(await volunteers.members(team)).toEqual([membership]);
      expect(await volunteers.teamsOf(person)).toEqual([membership]);
      expect(await invitations.accept(invitation.id, invitation.phoneKey, person, later(2))).toBe('gone');
      expect(await invitations.ofTeam(team, later(2))).toEqual([]);
      expect(await invitations.forPhone(invitation.phoneKey, later(2))).toEqual([]);
    });

    it('makes one membership of two accepts at once, and keeps the first `since` of a member already', async () => {
      const { invitations, volunteers } = subjects();
      const [team, p, person] = [unique('t-'), phone(), unique('v')];
      await volunteers.addMember({ teamId: team, volunteerId: person, since: '2026-12-01T00:00:00.000Z' });
      const invitation = await invitations.invite(newInvitation(KEY, team, p, '139****0000', NOW), NOW);
      const outcomes = await Promise.all([1, 2, 3].map(() => invitations.accept(invitation.id, invitation.phoneKey, person, later(1))));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(await volunteers.members(team)).toEqual([{ teamId: team, volunteerId: person, since: '2026-12-01T00:00:00.000Z' }]);
    });

    it('lets either an accept or a withdrawal win when they run at once, never both', async () => {
      const { invitations, volunteers } = subjects();
      for (let round = 0; round < 5; round++) {
        const [team, p, person] = [unique('t-'), phone(), unique('v')];
        const invitation = await invitations.invite(newInvitation(KEY, team, p, '139****0000', NOW), NOW);
        const [accepted, withdrawn] = await Promise.all([
          invitations.accept(invitation.id, invitation.phoneKey, person, later(1)),
          invitations.withdraw(invitation.id, later(1)),
        ]);
        expect([accepted === 'accepted', withdrawn]).toContain(true);
        expect(accepted === 'accepted' && withdrawn).toBe(false);
        expect((await volunteers.members(team)).length).toBe(accepted === 'accepted' ? 1 : 0);
        expect(await invitations.ofTeam(team, later(1))).toEqual([]);
      }
    });

    it('hides a decline from the team (its invitation waits as if unanswered) and leaves nothing of a withdrawn one', async () => {
      const { invitations, volunteers } = subjects();
      const [team, p, person] = [unique('t-'), phone(), unique('v')];
      const declined = await invitations.invite(newInvitation(KEY, team, p, '139****0000', NOW), NOW);
      expect(await invitations.decline(declined.id, declined.phoneKey, later(1))).toBe(true);
      expect(await invitations.decline(declined.id, declined.phoneKey, later(1))).toBe(false);
      expect(await invitations.forPhone(declined.phoneKey, later(1))).toEqual([]);
      expect(await invitations.accept(declined.id, declined.phoneKey, person, later(1))).toBe('gone');
      // The team sees what it would see of a phone nobody registered: the invitation waiting, the
      // same one when it invites again, and it can withdraw it. Invited again, the phone sees it
      // again (the person may have declined by mistake), and declines again as before.
      expect(await invitations.ofTeam(team, later(1))).toEqual([declined]);
      expect(await invitations.invite(newInvitation(KEY, team, p, '139****0000', later(1)), later(1))).toEqual(declined);
      expect(await invitations.forPhone(declined.phoneKey, later(1))).toEqual([declined]);
      expect(await invitations.invite(newInvitation(KEY, team, p, '139****0000', later(1)), later(1))).toEqual(declined);
      expect(await invitations.forPhone(declined.phoneKey, later(1))).toEqual([declined]);
      expect(await invitations.decline(declined.id, declined.phoneKey, later(1))).toBe(true);
      expect(await invitations.forPhone(declined.phoneKey, later(1))).toEqual([]);
      expect(await invitations.withdraw(declined.id, later(1))).toBe(true);
      expect(await invitations.ofTeam(team, later(1))).toEqual([]);

      const withdrawn = await invitations.invite(newInvitation(KEY, team, p, '139****0000', later(2)), later(2));
      expect(withdrawn.id).not.toBe(declined.id);
      expect(await invitations.withdraw(withdrawn.id, later(3))).toBe(true);
      expect(await invitations.withdraw(withdrawn.id, later(3))).toBe(false);
      expect(await invitations.forPhone(withdrawn.phoneKey, later(3))).toEqual([]);
      expect(await invitations.accept(withdrawn.id, withdrawn.phoneKey, person, later(3))).toBe('gone');
      expect(await volunteers.members(team)).toEqual([]);

      // An invitation id of another team, or no invitation id at all, is no pending invitation.
      const again = await invitations.invite(newInvitation(KEY, team, p, '139****0000', later(4)), later(4));
      expect(await invitations.withdraw(again.id.replace(team, unique('x-')), later(4))).toBe(false);
      expect(await invitations.accept('not-an-id', again.phoneKey, person, later(4))).toBe('gone');
      expect(await invitations.ofTeam(team, later(4))).toEqual([again]);
    });

    it('lets a declined invitation be accepted once the team invites again', async () => {
      const { invitations, volunteers } = subjects();
      const [team, p, person] = [unique('t-'), phone(), unique('v')];
      const invitation = await invitations.invite(newInvitation(KEY, team, p, '139****0000', NOW), NOW);
      await invitations.decline(invitation.id, invitation.phoneKey, later(1));
      await invitations.invite(newInvitation(KEY, team, p, '139****0000', later(2)), later(2));
      expect(await invitations.accept(invitation.id, invitation.phoneKey, person, later(3))).toBe('accepted');
      expect((await volunteers.members(team)).map((m) => m.volunteerId)).toEqual([person]);
      expect(await invitations.ofTeam(team, later(3))).toEqual([]);
    });

    it(`lets an invitation lapse after ${INVITATION_DAYS} days: gone for every method, and a new one may be made`, async () => {
      const { invitations, volunteers } = subjects();
      const [team, p, person] = [unique('t-'), phone(), unique('v')];
      const invitation = await invitations.invite(newInvitation(KEY, team, p, '139****0000', NOW), NOW);
      const lapsed = later(INVITATION_DAYS);
      expect(invitation.expiresAt).toBe(lapsed.toISOString());
      expect(await invitations.ofTeam(team, later(INVITATION_DAYS - 1))).toEqual([invitation]);
      expect(await invitations.ofTeam(team, lapsed)).toEqual([]);
      expect(await invitations.forPhone(invitation.phoneKey, lapsed)).toEqual([]);
      expect(await invitations.accept(invitation.id, invitation.phoneKey, person, lapsed)).toBe('gone');
      expect(await invitations.decline(invitation.id, invitation.phoneKey, lapsed)).toBe(false);
      expect(await invitations.withdraw(invitation.id, lapsed)).toBe(false);
      expect(await volunteers.members(team)).toEqual([]);
      const renewed = await invitations.invite(newInvitation(KEY, team, p, '139****0000', lapsed), lapsed);
      expect(renewed.id).not.toBe(invitation.id);
      expect(await invitations.ofTeam(team, lapsed)).toEqual([renewed]);
    });
  });
}
