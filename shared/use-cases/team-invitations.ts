/**
 * Joining a team takes the volunteer's consent: a team's leader invites by phone, and only the
 * person signed in with that phone accepts (or declines) on their own page; they may leave a team
 * there too. The team's answer is the same whether anyone registered the phone or not (an
 * invitation is kept by the phone's keyed hash and waits for someone who registers it), so a team token
 * learns neither whether a phone is registered nor whose it is; it sees a person's name, hours and
 * points only once they accepted. Staff attach people in person instead (`attachToTeam`).
 */
import { beijingDay, untilBeijingMidnight } from '#shared/domain/beijing-day';
import { GoneError, NotFoundError } from '#shared/domain/errors';
import { maskPhone } from '#shared/domain/contact';
import {
  INVITATION_SMS_PER_DAY,
  INVITATION_SMS_PER_PHONE_PER_DAY,
  invitationPhoneKey,
  invitationSmsPhoneKey,
  invitationTeamOf,
  legacyInvitationPhoneKey,
  newInvitation,
  type TeamInvitation,
} from '#shared/domain/team-invitation';
import { sealedTeamInvitation, type TeamInvitationMessage } from '#shared/domain/team-invitation-message';
import { parsePhone } from '#shared/domain/volunteer';
import type { Clock } from '#shared/ports/clock';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { SigningKeys } from '#shared/ports/signing-keys';
import type { TeamInvitations } from '#shared/ports/team-invitations';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

/**
 * Invitations a team may make per day (of Beijing time; a new team signing up its volunteers stays well below):
 * each is an item kept for two weeks and a line on someone's page.
 */
export const INVITATIONS_PER_TEAM_PER_DAY = { limit: 100, windowSeconds: 24 * 60 * 60 } as const;

/**
 * What became of the invitation's SMS this time: `queued` (handed to `send-notifications`, which
 * sends it once per invitation if it still can: the provider may lack the invitation's template,
 * which this function's config does not say, or refuse it), `day-over` (the invitation is over
 * `INVITATION_SMS_HOURS` old: no SMS now, and one may not have gone in its first hours),
 * `over-budget` (the day's `INVITATION_SMS_PER_DAY` are sent: none queued), `phone-limit` (the
 * phone had its `INVITATION_SMS_PER_PHONE_PER_DAY` from any teams: none queued). Whether anyone
 * registered the phone changes none of them.
 */
export type InvitationSms = 'queued' | 'day-over' | 'over-budget' | 'phone-limit';

/** What the team sees of its invitation: the phone it typed, masked, and when it lapses. */
const teamView = (i: TeamInvitation) => ({ id: i.id, phone: i.maskedPhone, invitedAt: i.invitedAt, expiresAt: i.expiresAt });

/**
 * `POST /team/members`: invites the phone's owner to the team (a pending one stands), and queues
 * the invitation's SMS sealed for `send-notifications`, which sends it once per invitation. The
 * same calls and the same answer for any phone, registered or not; nothing here looks it up. The
 * SMS is queued again when the team invites again within `INVITATION_SMS_HOURS` (so one lost on
 * the way to the queue is sent then), never twice (the consumer), and within the deployment's
 * day's budget. A queue that cannot be reached fails the request (5xx) for any phone alike; the
 * invitation stands, and inviting again queues it.
 */
export async function inviteMember(
  deps: {
    readonly invitations: TeamInvitations;
    readonly clock: Clock;
    readonly limiter: Pick<RateLimiter, 'take' | 'counted'>;
    readonly signingKeys: Pick<SigningKeys, 'identityKey' | 'current'>;
    readonly publisher: QueuePublisher;
  },
  teamId: string,
  body: unknown,
) {
  const phone = parsePhone(body);
  const now = deps.clock.now();
  const { limit, windowSeconds } = INVITATIONS_PER_TEAM_PER_DAY;
  if (!(await deps.limiter.take(`member-invitations:${teamId}`, limit, windowSeconds, beijingDay(now)))) throw untilBeijingMidnight(now);
  // Upgrade shim, with `legacyInvitationPhoneKey`: one made before the keyed hash is answered as the same invitation.
  const legacy = (await deps.invitations.ofTeam(teamId, now)).find((i) => i.phoneKey === legacyInvitationPhoneKey(phone));
  const identityKey = await deps.signingKeys.identityKey();
  const invitation = await deps.invitations.invite(legacy ?? newInvitation(identityKey, teamId, phone, maskPhone(phone), now), now);
  const message = sealedTeamInvitation(await deps.signingKeys.current(), invitation, phone);
  return { invitation: teamView(invitation), sms: await queueSms(deps, message, invitationPhoneKey(identityKey, phone), now) };
}

async function queueSms(
  deps: { readonly limiter: Pick<RateLimiter, 'counted'>; readonly publisher: QueuePublisher },
  message: TeamInvitationMessage,
  phoneKey: string,
  now: Date,
): Promise<InvitationSms> {
  if (Date.parse(message.giveUpAt) <= now.getTime()) return 'day-over';
  // Both counted where the SMS goes (send-notifications, by the phone's keyed hash); read here to tell the team, and to queue none past them.
  const { key, limit, windowSeconds } = INVITATION_SMS_PER_DAY;
  if ((await deps.limiter.counted(key, windowSeconds, beijingDay(now))) >= limit) return 'over-budget';
  const perPhone = INVITATION_SMS_PER_PHONE_PER_DAY;
  if ((await deps.limiter.counted(invitationSmsPhoneKey(phoneKey), perPhone.windowSeconds, beijingDay(now))) >= perPhone.limit)
    return 'phone-limit';
  await deps.publisher.publish({ id: message.id, queue: 'notify', body: message });
  return 'queued';
}

/** The team's invitations still waiting for an answer. */
export async function pendingInvitations(deps: { readonly invitations: TeamInvitations; readonly clock: Clock }, teamId: string) {
  return (await deps.invitations.ofTeam(teamId, deps.clock.now())).map(teamView);
}

/** `DELETE /team/invitations/{id}`: the team takes back its invitation; 404 when it is not pending (answered, lapsed, another team's). */
export async function withdrawInvitation(
  deps: { readonly invitations: TeamInvitations; readonly clock: Clock },
  teamId: string,
  id: string,
) {
  const pending = invitationTeamOf(id) === teamId && (await deps.invitations.withdraw(id, deps.clock.now()));
  if (!pending) throw new NotFoundError('Pending invitation');
}

export interface MyTeamsDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'get' | 'teamsOf' | 'removeMember'>;
  readonly invitations: TeamInvitations;
  readonly teams: Pick<TeamRepository, 'get'>;
  readonly signingKeys: Pick<SigningKeys, 'identityKey'>;
  readonly clock: Clock;
}

/** The keys the phone's invitations are kept by: the keyed hash, then the plain one of those made before it. */
async function phoneKeysOf(deps: Pick<MyTeamsDeps, 'signingKeys'>, phone: string): Promise<string[]> {
  return [invitationPhoneKey(await deps.signingKeys.identityKey(), phone), legacyInvitationPhoneKey(phone)];
}

async function personOf(deps: Pick<MyTeamsDeps, 'volunteers'>, volunteerId: string) {
  const person = await deps.volunteers.get(volunteerId);
  if (!person) throw new NotFoundError('Volunteer');
  return person;
}

/** The invitations waiting on the volunteer's page, with each team's name (a team since removed is left out). */
export async function myInvitations(deps: MyTeamsDeps, volunteerId: string) {
  const person = await personOf(deps, volunteerId);
  const now = deps.clock.now();
  const pending = (await Promise.all((await phoneKeysOf(deps, person.phone)).map((key) => deps.invitations.forPhone(key, now))))
    .flat()
    .sort((a, b) => a.invitedAt.localeCompare(b.invitedAt) || a.id.localeCompare(b.id));
  const named = await Promise.all(
    pending.map(async (i) => {
      const team = await deps.teams.get(i.teamId);
      return team ? [{ id: i.id, teamId: i.teamId, team: team.name, invitedAt: i.invitedAt, expiresAt: i.expiresAt }] : [];
    }),
  );
  return named.flat();
}
export type MyInvitation = Awaited<ReturnType<typeof myInvitations>>[number];

/**
 * The volunteer accepts: from now on a member, and the team sees their name, hours and points.
 * Accepting again is answered as the first time; an invitation withdrawn, declined or lapsed
 * meanwhile is a GoneError (410) and makes nothing.
 */
export async function acceptInvitation(deps: MyTeamsDeps, volunteerId: string, id: string): Promise<{ teamId: string }> {
  const person = await personOf(deps, volunteerId);
  const teamId = invitationTeamOf(id);
  if (!teamId) throw new NotFoundError('Invitation');
  let outcome: 'accepted' | 'gone' = 'gone';
  for (const key of await phoneKeysOf(deps, person.phone)) {
    outcome = await deps.invitations.accept(id, key, person.id, deps.clock.now());
    if (outcome === 'accepted') break;
  }
  // Gone because this accept came second (a double tap, a second tab): a member, as asked.
  if (outcome === 'gone' && !(await deps.volunteers.teamsOf(person.id)).some((m) => m.teamId === teamId))
    throw new GoneError('This invitation was withdrawn by the team, declined, or has expired');
  return { teamId };
}

/**
 * The volunteer declines: the invitation leaves their page; the team's copy waits until it lapses,
 * as one to a number nobody registered does, so the team is not told. Declining what is no longer
 * pending changes nothing.
 */
export async function declineInvitation(deps: MyTeamsDeps, volunteerId: string, id: string): Promise<{ declined: boolean }> {
  const person = await personOf(deps, volunteerId);
  for (const key of await phoneKeysOf(deps, person.phone))
    if (await deps.invitations.decline(id, key, deps.clock.now())) return { declined: true };
  return { declined: false };
}

/** The volunteer leaves a team: it no longer sees them. Leaving a team one is not in changes nothing. */
export async function leaveTeam(deps: MyTeamsDeps, volunteerId: string, teamId: string): Promise<{ left: boolean }> {
  if (!/^[a-z0-9-]{2,40}$/.test(teamId)) throw new NotFoundError('Team');
  const person = await personOf(deps, volunteerId);
  return { left: await deps.volunteers.removeMember(teamId, person.id) };
}
