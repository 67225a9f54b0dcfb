/**
 * Volunteers as people, for staff and teams: station staff register someone who came by
 * (代注册), find a person by phone, see their teams and their one ledger, and merge what a team
 * credited to a guest's name into the person, and attach them to a team in person. A team's
 * leader, with the team's token, lists and removes the team's members (people join by accepting
 * its invitation: team-invitations.ts). Staff see people registered in their area (404
 * otherwise); nobody sees an identity number, only its masked form.
 */
import * as z from '#shared/domain/zod';
import { maskPhone } from '#shared/domain/contact';
import { volunteerKey } from '#shared/domain/credit';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { newRequestId } from '#shared/domain/identifiers';
import { anyRetired, areaId, lineage } from '#shared/domain/area';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { orderMonth } from '#shared/domain/team';
import { parseOrThrow, plainText } from '#shared/domain/validation';
import {
  memberView,
  parsePhone,
  phoneField,
  parseRegistration,
  personKey,
  storedIdentity,
  volunteerIdOf,
  type Volunteer,
} from '#shared/domain/volunteer';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { SigningKeys } from '#shared/ports/signing-keys';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

export interface VolunteerDeps {
  readonly volunteers: VolunteerRegistry;
  readonly credits: CreditLedger;
  readonly areas: Pick<AreaRepository, 'getMany'>;
  readonly teams: Pick<TeamRepository, 'get'>;
  readonly signingKeys: Pick<SigningKeys, 'identityKey'>;
  readonly clock: Clock;
}

/** The key of the identity numbers' keyed hash: its own, pinned once, never rotated with the signing keys. */
async function identityKey(signingKeys: Pick<SigningKeys, 'identityKey'>): Promise<Buffer> {
  return signingKeys.identityKey();
}

/** What staff see of a person: the phone (they register and call them), the identity masked. */
export function staffView(v: Volunteer) {
  return {
    id: v.id,
    name: v.name,
    phone: v.phone,
    ...(v.volunteerNumber ? { volunteerNumber: v.volunteerNumber } : {}),
    ...(v.identity ? { identity: { type: v.identity.type, masked: v.identity.masked } } : {}),
    homeAreaId: v.homeAreaId,
    registeredAt: v.registeredAt,
    registeredBy: v.registeredBy.kind,
  };
}

export async function registerVolunteer(deps: VolunteerDeps, staff: Staff, body: unknown) {
  const input = parseRegistration(body);
  const areas = await deps.areas.getMany(lineage(input.homeAreaId));
  const area = areas[0];
  if (area?.level !== 'community' || anyRetired(areas))
    throw new ValidationError([{ field: 'homeAreaId', message: 'Not a community of this deployment' }]);
  assertInScope(staff, area.id, 'Area');
  const volunteer: Volunteer = {
    id: newRequestId(),
    name: input.name,
    phone: input.phone,
    ...(input.volunteerNumber ? { volunteerNumber: input.volunteerNumber } : {}),
    ...(input.identity
      ? { identity: storedIdentity(await identityKey(deps.signingKeys), input.identity.type, input.identity.number) }
      : {}),
    homeAreaId: area.id,
    registeredAt: deps.clock.now().toISOString(),
    registeredBy: { kind: 'staff', staffId: staff.id },
  };
  const outcome = await deps.volunteers.register(volunteer);
  if (outcome === 'phone-taken') throw new ConflictError('A volunteer with this phone is registered already (field phone)');
  if (outcome === 'identity-taken')
    throw new ConflictError('A volunteer with this identity document is registered already (field identity)');
  return staffView(volunteer);
}

export async function personInScope(
  deps: { readonly volunteers: Pick<VolunteerRegistry, 'get'> },
  staff: Staff,
  id: string,
): Promise<Volunteer> {
  const person = /^[0-9a-z]{20}$/.test(id) ? await deps.volunteers.get(id) : undefined;
  if (!person) throw new NotFoundError('Volunteer');
  assertInScope(staff, person.homeAreaId, 'Volunteer');
  return person;
}

/** `GET /admin/volunteers?phone=`: the person with that phone, in the staff member's area. */
export async function findVolunteerByPhone(deps: Pick<VolunteerDeps, 'volunteers'>, staff: Staff, phone: string | undefined) {
  const e164 = parsePhone({ phone: phone ?? '' });
  const person = await deps.volunteers.findByPhone(e164);
  if (!person) throw new NotFoundError('Volunteer');
  assertInScope(staff, person.homeAreaId, 'Volunteer');
  return staffView(person);
}

/** Why a phone changes: the person took a new number, the old one went to someone else, or was lost. */
export const phoneChangeReasons = ['new-number', 'recycled', 'lost'] as const;

const phoneChange = z.strictObject({
  phone: phoneField,
  /** A word, not free text, so the log can keep it (no one's name or number in it). */
  reason: z.optional(z.enum(phoneChangeReasons, `One of ${phoneChangeReasons.join(', ')}`)),
});

/**
 * `PUT /admin/volunteers/{id}/phone`: staff of the person's area give them a new phone (theirs
 * changed, or the old one was recycled to someone else). The old phone is theirs no more: it signs
 * no one in as them, and their sessions end (`sessionVersion`). Another person's phone is a 409
 * naming `phone`; the phone they have already changes nothing (`changed: false`), as does the same
 * change made by another staff member at once.
 */
export async function changeVolunteerPhone(deps: Pick<VolunteerDeps, 'volunteers'>, staff: Staff, id: string, body: unknown) {
  const person = await personInScope(deps, staff, id);
  const { phone, reason } = parseOrThrow(phoneChange, body ?? {});
  const said = reason ? { reason } : {};
  if (person.phone === phone) return { ...staffView(person), changed: false, ...said };
  const outcome = await deps.volunteers.changePhone(person.id, person.phone, phone);
  if (outcome === 'phone-taken') throw new ConflictError('Another volunteer has this phone (field phone)');
  if (outcome === 'changed') return { ...staffView({ ...person, phone }), changed: true, ...said };
  // Changed meanwhile by another staff member: to this phone, it is done; to another, theirs stands.
  const now = await deps.volunteers.get(person.id);
  if (now?.phone !== phone) throw new ConflictError('The phone was changed meanwhile; reload and check it (field phone)');
  return { ...staffView(now), changed: false, ...said };
}

/** A person with their teams, their one ledger (every team they served for) and the moves of their home community. */
export async function volunteerDetail(deps: VolunteerDeps, staff: Staff, id: string) {
  const person = await personInScope(deps, staff, id);
  const key = personKey(person.id);
  const [teams, balance, history, moves] = await Promise.all([
    deps.volunteers.teamsOf(person.id),
    deps.credits.balance(key),
    deps.credits.history(key),
    deps.volunteers.movesOf(person.id),
  ]);
  const { volunteerKey: _key, ...totals } = balance;
  return {
    ...staffView(person),
    teams: teams.map((m) => ({ teamId: m.teamId, since: m.since })),
    credits: { ...totals, history },
    moves: moves.map(({ at, from, to, detail }) => ({ at, from, to, detail })),
  };
}

const mergeInput = z.strictObject({
  teamId: z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, 'A team id')),
  /** The name the team reported the guest by, exactly. */
  name: plainText().check(z.trim(), z.minLength(1), z.maxLength(60)),
});

/**
 * What a team credited to a guest's name moves to the person, every line once (a second call
 * moves nothing). The team must be stationed in the staff member's area. A name goes to one person
 * only: once a merge into another person has begun, this one is a 409 (`MergedElsewhereError`,
 * naming that person by volunteer id), whether it runs at once or later, and moves nothing.
 */
export async function mergeGuestLedger(deps: VolunteerDeps, staff: Staff, id: string, body: unknown) {
  const person = await personInScope(deps, staff, id);
  const input = parseOrThrow(mergeInput, body ?? {});
  const team = await deps.teams.get(input.teamId);
  if (!team) throw new ValidationError([{ field: 'teamId', message: 'No such team' }]);
  assertInScope(staff, team.stationAreaId, 'Team');
  const { moved } = await deps.credits.merge(volunteerKey(team.id, input.name), personKey(person.id), deps.clock.now().toISOString());
  const { volunteerKey: _key, ...totals } = await deps.credits.balance(personKey(person.id));
  return { moved, credits: totals };
}

/** The team's members, for its leader: names and masked phones. */
export async function teamMembers(deps: Pick<VolunteerDeps, 'volunteers'>, teamId: string) {
  const memberships = await deps.volunteers.members(teamId);
  const people = await Promise.all(memberships.map((m) => deps.volunteers.get(m.volunteerId)));
  return people.flatMap((p, i) => (p ? [{ ...memberView(p, maskPhone(p.phone)), since: memberships[i]!.since }] : []));
}

const attachInput = z.strictObject({ teamId: mergeInput.shape.teamId });

/**
 * Staff attach a person to a team directly, on their behalf and in person at the station (the way
 * for people without a smartphone, who cannot accept a team's invitation on their own page). The
 * person and the team must both be in the staff member's area (404 otherwise). A member already
 * keeps their first `since`.
 */
export async function attachToTeam(deps: Pick<VolunteerDeps, 'volunteers' | 'teams' | 'clock'>, staff: Staff, id: string, body: unknown) {
  const person = await personInScope(deps, staff, id);
  const input = parseOrThrow(attachInput, body ?? {});
  const team = await deps.teams.get(input.teamId);
  if (!team) throw new ValidationError([{ field: 'teamId', message: 'No such team' }]);
  assertInScope(staff, team.stationAreaId, 'Team');
  await deps.volunteers.addMember({ teamId: team.id, volunteerId: person.id, since: deps.clock.now().toISOString() });
  const membership = (await deps.volunteers.teamsOf(person.id)).find((m) => m.teamId === team.id);
  return { volunteerId: person.id, teamId: team.id, since: membership?.since };
}

export async function removeTeamMember(deps: Pick<VolunteerDeps, 'volunteers'>, teamId: string, volunteerId: string) {
  if (!(await deps.volunteers.removeMember(teamId, volunteerId))) throw new NotFoundError('Member');
}

/** Whether a ledger key is the team's: a guest of the team, or a person who is one of its members. */
export async function isTeamsLedger(
  deps: { readonly volunteers: Pick<VolunteerRegistry, 'members'> },
  teamId: string,
  key: string,
): Promise<boolean> {
  const person = volunteerIdOf(key);
  if (person === undefined) return key.startsWith(`${teamId}:`);
  return (await deps.volunteers.members(teamId)).some((m) => m.volunteerId === person);
}

const monthField = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month, YYYY-MM'));
const statsQuery = z.strictObject({
  // Read as every other query reads a code: `370900000000` is 泰安市, 3709.
  area: z.optional(areaId),
  from: z.optional(monthField),
  to: z.optional(monthField),
});

/**
 * An area's volunteers per month (the staff member's own area by default), from `from` to `to`
 * (the last twelve months by default): new registrations, active volunteers (people who served
 * there), services and hours, and hours per active volunteer.
 */
export async function volunteerStatistics(deps: Pick<VolunteerDeps, 'volunteers' | 'areas' | 'clock'>, staff: Staff, query: unknown) {
  const input = parseOrThrow(statsQuery, query ?? {});
  const areaId = input.area ?? staff.areaId;
  if (!areaId) throw new ValidationError([{ field: 'area', message: 'Name the area (a division code)' }]);
  assertInScope(staff, areaId, 'Area');
  // An area nobody knows is a 404 as in the request statistics, not a month of zeros read as "no volunteers here".
  if (input.area !== undefined && !(await deps.areas.getMany([areaId]))[0]) throw new NotFoundError('Area');
  const now = deps.clock.now();
  const to = input.to ?? orderMonth(now);
  const from = input.from ?? orderMonth(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 12, 15)));
  if (from > to) throw new ValidationError([{ field: 'from', message: 'The first month comes before the last' }]);
  const months = await deps.volunteers.monthly(areaId, from, to);
  const total = (key: 'registered' | 'active' | 'services' | 'hours') => months.reduce((n, m) => n + m[key], 0);
  const [activeMonths, hours] = [total('active'), Math.round(total('hours') * 100) / 100];
  return {
    area: areaId,
    from,
    to,
    registered: total('registered'),
    services: total('services'),
    hours,
    // A person active in two months counts in each: the period's people are not the months' sum.
    activeVolunteerMonths: activeMonths,
    hoursPerActiveVolunteerMonth: activeMonths ? Math.round((hours / activeMonths) * 100) / 100 : 0,
    months: months.map((m) => ({
      ...m,
      hours: Math.round(m.hours * 100) / 100,
      hoursPerActiveVolunteer: m.active ? Math.round((m.hours / m.active) * 100) / 100 : 0,
    })),
  };
}
