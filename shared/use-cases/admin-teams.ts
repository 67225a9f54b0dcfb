/**
 * Team management for staff: list, create, change (services, areas, capacity, channels…),
 * pause and resume, and issue a new API token. Station staff manage the teams stationed in
 * their area (404 for others) and may station them and have them serve only within it.
 * Channel secrets and robot keys are never shown back.
 */
import * as z from '#shared/domain/zod';
import type { Service } from '#shared/domain/catalog';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '#shared/domain/errors';
import { anyRetired, areaId, isWithin, lineage } from '#shared/domain/area';
import { assertInScope, type Staff } from '#shared/domain/staff';
import {
  changedFields,
  servicesHandledBy,
  team as teamSchema,
  type ChannelTarget,
  type Team,
  type TeamChanges,
  type TeamLoad,
} from '#shared/domain/team';
import { issueTeamToken } from '#shared/domain/team-token';
import type { DispatchDeps } from './dispatch-request';
import { offerWaitingTo } from './offer-waiting';
import { withdrawOffersBeyond } from './withdraw-offers';
import { parseOrThrow } from '#shared/domain/validation';
import { refusedWebhookUrl, type WebhookUrlPolicy } from '#shared/domain/webhook-target';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import {
  CapacityBelowLoadError,
  MAX_NEW_TEAM_SERVICES,
  TeamChangeContendedError,
  TeamExistsError,
  type TeamRepository,
  type TeamUpdates,
} from '#shared/ports/team-repository';

export interface AdminTeamDeps extends Omit<DispatchDeps, 'teams'> {
  readonly teams: TeamRepository & TeamUpdates;
  readonly catalog: CatalogRepository;
  readonly areas: Pick<AreaRepository, 'getMany'>;
  /** The deployment sends no email (`-c emailTransport=off`): an email channel would never be used, so it is refused. */
  readonly emailOff?: boolean;
  /** Where webhooks may point; without it, https to public addresses only. */
  readonly webhooks?: WebhookUrlPolicy;
}

const editable = z.omit(teamSchema, { id: true, rating: true });
const createInput = z.extend(z.partial(editable, { paused: true, blackoutDates: true, channels: true, categories: true }), {
  id: teamSchema.shape.id,
});
const patchInput = z.partial(z.omit(editable, { paused: true }));

export interface TeamView extends Omit<TeamLoad, 'channels'> {
  readonly channels: readonly Record<string, unknown>[];
  readonly handles: readonly string[];
}

/** A channel as staff may see it back: no secret, no robot key in the URL. */
function shownChannel(channel: ChannelTarget): Record<string, unknown> {
  if (channel.kind !== 'webhook') return channel;
  const url = new URL(channel.url);
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
  const { secret, ...rest } = channel;
  return { ...rest, url: url.toString(), hasSecret: secret !== undefined };
}

async function view(deps: AdminTeamDeps, team: TeamLoad): Promise<TeamView> {
  return { ...team, channels: team.channels.map(shownChannel), handles: await deps.teams.handledServices(team.id) };
}

/**
 * Checks what a create or change sets: station staff may station a team and have it serve
 * only within their own area (404 naming the field, as for anything outside it); areas must
 * exist, services and categories be on the menu, no email channel where email is off (400
 * naming each bad field). Returns the
 * menu's services, from which coverage is computed.
 */
async function checkedFields(deps: AdminTeamDeps, staff: Staff, fields: TeamChanges): Promise<readonly Service[]> {
  const areaFields = (['stationAreaId', 'servesAreaId'] as const).filter((field) => fields[field] !== undefined);
  for (const field of areaFields) assertInScope(staff, fields[field]!, `Area in ${field}`);
  const [{ services, categories }, areas] = await Promise.all([
    deps.catalog.menu(),
    Promise.all(areaFields.map((field) => deps.areas.getMany(lineage(fields[field]!)))),
  ]);
  const codes = new Set(services.map((s) => s.code));
  const cats = new Set(categories.map((c) => c.code));
  const issues: FieldIssue[] = [
    ...areaFields.flatMap((field, i) => {
      // The area and its ancestors: one retired above it retires it too.
      if (!areas[i]![0]) return [{ field, message: 'No such area' }];
      return anyRetired(areas[i]!) ? [{ field, message: 'This area is retired (no longer in the division table)' }] : [];
    }),
    ...(fields.services ?? []).flatMap((code, i) => (codes.has(code) ? [] : [{ field: `services.${i}`, message: 'No such service' }])),
    ...(fields.categories ?? []).flatMap((code, i) => (cats.has(code) ? [] : [{ field: `categories.${i}`, message: 'No such category' }])),
    ...(deps.emailOff ? (fields.channels ?? []) : []).flatMap((channel, i) =>
      channel.kind === 'email' ? [{ field: `channels.${i}`, message: 'Email is off in this deployment; use SMS or a webhook' }] : [],
    ),
    ...webhookIssues(fields.channels ?? [], deps.webhooks ?? { allowLocal: false }),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  return services;
}

/** A webhook channel's URL refused for its scheme or a non-public literal address, named by field. */
export function webhookIssues(channels: readonly ChannelTarget[], policy: WebhookUrlPolicy): FieldIssue[] {
  return channels.flatMap((c, i) => {
    const refused = c.kind === 'webhook' ? refusedWebhookUrl(c.url, policy) : undefined;
    return refused ? [{ field: `channels.${i}.url`, message: refused }] : [];
  });
}

async function teamInScope(deps: AdminTeamDeps, staff: Staff, id: string): Promise<TeamLoad> {
  const team = await deps.teams.get(id);
  if (!team) throw new NotFoundError('Team');
  assertInScope(staff, team.stationAreaId, 'Team');
  return team;
}

/** A place in the teams' list, as `next` gives it: the last team's station area and id. */
const TEAM_CURSOR = /^(\d{2,12})\/([a-z0-9-]{2,40})$/;

/** `?area=`: a division code (an empty one is a 400 naming `area`, never "everywhere"). */
export const areaQuery = z.strictObject({ area: z.optional(areaId) });

/** The teams' list: `area`, `limit` (50 unless asked) and `after`, the `next` of the page before. */
export const teamListQuery = z.extend(areaQuery, {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  after: z.optional(z.string().check(z.regex(TEAM_CURSOR, 'The `next` of the page before'))),
});

/**
 * One page of the teams stationed in the area (by station area, then id), their coverage read
 * for these teams only; `next` when more follow.
 */
export async function listTeams(
  deps: AdminTeamDeps,
  staff: Staff,
  area: string | undefined,
  page: { readonly limit: number; readonly after?: string } = { limit: 50 },
): Promise<{ teams: TeamView[]; next?: string }> {
  const root = area ?? staff.areaId;
  if (root !== undefined) assertInScope(staff, root, 'Area');
  // An area this deployment lacks is not found, as for the statistics: a typo is not "no teams here".
  if (area !== undefined && !(await deps.areas.getMany([area]))[0]) throw new NotFoundError('Area');
  const [, stationAreaId, id] = page.after?.match(TEAM_CURSOR) ?? [];
  // A cursor from another area's list is no place in this one (and the index would refuse it as a start).
  if (root !== undefined && stationAreaId !== undefined && !isWithin(stationAreaId, root))
    throw new ValidationError([{ field: 'after', message: 'The `next` of a page of this area' }]);
  const listed = await deps.teams.stationedPage(root, page.limit, stationAreaId && id ? { stationAreaId, id } : undefined);
  const teams = await Promise.all(listed.teams.map((t) => view(deps, t)));
  return { teams, ...(listed.next ? { next: `${listed.next.stationAreaId}/${listed.next.id}` } : {}) };
}

export async function teamDetail(deps: AdminTeamDeps, staff: Staff, id: string): Promise<TeamView> {
  return view(deps, await teamInScope(deps, staff, id));
}

/**
 * A new team and its first API token, shown this once: the team, its coverage and the token's
 * hash are written at once or not at all, so an id is either free or taken by a whole team (409).
 */
export async function createTeam(deps: AdminTeamDeps, staff: Staff, body: unknown): Promise<{ team: TeamView; token: string }> {
  const input = parseOrThrow(createInput, body);
  const team: Team = { paused: false, blackoutDates: [], channels: [], categories: [], ...input, rating: 5 };
  const services = await checkedFields(deps, staff, team);
  const handles = servicesHandledBy(team, services);
  if (handles.length > MAX_NEW_TEAM_SERVICES) {
    const field = new Set(team.services).size > MAX_NEW_TEAM_SERVICES ? 'services' : 'categories';
    throw new ValidationError([
      {
        field,
        message: `A new team handles at most ${MAX_NEW_TEAM_SERVICES} services, its categories' included (these make ${handles.length}); add the rest by changing it once created`,
      },
    ]);
  }
  const token = issueTeamToken(team.id);
  try {
    await deps.teams.create(team, handles, token.hash);
  } catch (error) {
    if (error instanceof TeamExistsError) throw new ConflictError(`A team with the id ${team.id} exists`);
    throw error;
  }
  await offerWaitingTo(deps, team.id).catch(() => undefined);
  return { team: await view(deps, (await deps.teams.get(team.id))!), token: token.token };
}

/**
 * Changes the fields given whose value differs from the stored one, and nothing else: a pause,
 * offers or another change at the same time all land. `channels`, when given, replace all of
 * them (secrets included). A capacity below the orders the team holds now is refused (409).
 */
export async function updateTeam(deps: AdminTeamDeps, staff: Staff, id: string, body: unknown): Promise<TeamView> {
  const given = parseOrThrow(patchInput, body);
  const changes = changedFields(await teamInScope(deps, staff, id), given);
  const services = await checkedFields(deps, staff, changes);
  let updated: TeamLoad | undefined;
  try {
    updated = await deps.teams.update(id, changes, {
      handles: (team) => servicesHandledBy(team, services),
      guard: (stored) => assertInScope(staff, stored.stationAreaId, 'Team'),
    });
  } catch (error) {
    if (error instanceof CapacityBelowLoadError) {
      throw new ConflictError(
        `capacity: the team holds ${error.active} open order(s) (offered or accepted) right now, more than ${error.capacity}; ` +
          'lower it once they are finished, or pause the team meanwhile to take no new ones',
      );
    }
    if (error instanceof TeamChangeContendedError) throw new ConflictError('The team is being changed by others at this moment; try again');
    throw error;
  }
  if (!updated) throw new NotFoundError('Team');
  // Moved or given other services: the offers it could no longer take go to another team now (after
  // any change, even none: a retry of one whose withdrawal failed mends it).
  await withdrawOffersBeyond(deps, id);
  // It may take work it could not before: the requests waiting for it are offered now, not at their next re-check.
  if (MORE_WORK.some((field) => changes[field] !== undefined)) await offerWaitingTo(deps, id).catch(() => undefined);
  return view(deps, updated);
}

/** Changes after which a team may take work it could not take before. */
const MORE_WORK = ['capacity', 'servesAreaId', 'services', 'categories', 'blackoutDates'] as const;

/**
 * Pauses or resumes the team; a paused team's open offers go to another team at once, a resumed
 * team is offered the requests waiting for it at once.
 */
export async function setTeamPaused(deps: AdminTeamDeps, staff: Staff, id: string, paused: boolean): Promise<TeamView> {
  await teamInScope(deps, staff, id);
  await deps.teams.setPaused(id, paused);
  if (paused) await withdrawOffersBeyond(deps, id);
  else await offerWaitingTo(deps, id).catch(() => undefined);
  return view(deps, (await deps.teams.get(id))!);
}

/** A new API token for the team; the old one stops working at once. */
export async function rotateTeamToken(deps: AdminTeamDeps, staff: Staff, id: string): Promise<{ teamId: string; token: string }> {
  await teamInScope(deps, staff, id);
  const token = issueTeamToken(id);
  await deps.teams.setTokenHash(id, token.hash);
  return { teamId: id, token: token.token };
}
