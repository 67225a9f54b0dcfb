/**
 * Team management for staff: list, create, change (services, areas, capacity, channels…),
 * pause and resume, and issue a new API token. Station staff manage the teams stationed in
 * their area (404 for others). Channel secrets and robot keys are never shown back.
 */
import * as z from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { servicesHandledBy, team as teamSchema, type ChannelTarget, type Team, type TeamLoad } from '#shared/domain/team';
import { issueTeamToken } from '#shared/domain/team-token';
import { parseOrThrow } from '#shared/domain/validation';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import { TeamExistsError, type TeamRepository } from '#shared/ports/team-repository';

export interface AdminTeamDeps {
  readonly teams: TeamRepository;
  readonly catalog: CatalogRepository;
}

const editable = teamSchema.omit({ id: true, rating: true });
const createInput = editable.partial({ paused: true, blackoutDates: true, channels: true, categories: true }).extend({ id: teamSchema.shape.id });
const patchInput = editable.omit({ paused: true }).partial();

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

async function handledBy(deps: AdminTeamDeps, team: Team): Promise<string[]> {
  const { services, categories } = await deps.catalog.menu();
  const codes = new Set(services.map((s) => s.code));
  const cats = new Set(categories.map((c) => c.code));
  const issues = [
    ...team.services.flatMap((code, i) => (codes.has(code) ? [] : [{ field: `services.${i}`, message: 'No such service' }])),
    ...team.categories.flatMap((code, i) => (cats.has(code) ? [] : [{ field: `categories.${i}`, message: 'No such category' }])),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  return servicesHandledBy(team, services);
}

async function teamInScope(deps: AdminTeamDeps, staff: Staff, id: string): Promise<TeamLoad> {
  const team = await deps.teams.get(id);
  if (!team) throw new NotFoundError('Team');
  assertInScope(staff, team.stationAreaId, 'Team');
  return team;
}

export async function listTeams(deps: AdminTeamDeps, staff: Staff, area: string | undefined): Promise<TeamView[]> {
  const root = area ?? staff.areaId;
  if (root) assertInScope(staff, root, 'Area');
  return Promise.all((await deps.teams.stationedWithin(root)).map((t) => view(deps, t)));
}

export async function teamDetail(deps: AdminTeamDeps, staff: Staff, id: string): Promise<TeamView> {
  return view(deps, await teamInScope(deps, staff, id));
}

/** A new team and its first API token, shown this once. */
export async function createTeam(deps: AdminTeamDeps, staff: Staff, body: unknown): Promise<{ team: TeamView; token: string }> {
  const input = parseOrThrow(createInput, body);
  assertInScope(staff, input.stationAreaId, 'Area');
  const team: Team = { paused: false, blackoutDates: [], channels: [], categories: [], ...input, rating: 5 };
  try {
    await deps.teams.register(team, await handledBy(deps, team), { mustBeNew: true });
  } catch (error) {
    if (error instanceof TeamExistsError) throw new ConflictError(`A team with the id ${team.id} exists`);
    throw error;
  }
  const token = issueTeamToken(team.id);
  await deps.teams.setTokenHash(team.id, token.hash);
  return { team: await view(deps, (await deps.teams.get(team.id))!), token: token.token };
}

/** Changes the given fields; `channels`, when given, replace all of them (secrets included). */
export async function updateTeam(deps: AdminTeamDeps, staff: Staff, id: string, body: unknown): Promise<TeamView> {
  const changes = parseOrThrow(patchInput, body);
  const { active: _a, recentOrders: _r, ...current } = await teamInScope(deps, staff, id);
  if (changes.stationAreaId) assertInScope(staff, changes.stationAreaId, 'Area');
  const team: Team = parseOrThrow(teamSchema, { ...current, ...changes });
  await deps.teams.register(team, await handledBy(deps, team));
  return view(deps, (await deps.teams.get(id))!);
}

export async function setTeamPaused(deps: AdminTeamDeps, staff: Staff, id: string, paused: boolean): Promise<TeamView> {
  await teamInScope(deps, staff, id);
  await deps.teams.setPaused(id, paused);
  return view(deps, (await deps.teams.get(id))!);
}

/** A new API token for the team; the old one stops working at once. */
export async function rotateTeamToken(deps: AdminTeamDeps, staff: Staff, id: string): Promise<{ teamId: string; token: string }> {
  await teamInScope(deps, staff, id);
  const token = issueTeamToken(id);
  await deps.teams.setTokenHash(id, token.hash);
  return { teamId: id, token: token.token };
}

export const areaQuery = z.strictObject({ area: z.string().max(200).optional() });
