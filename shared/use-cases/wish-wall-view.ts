/**
 * What the wall shows (微心愿墙): the wishes on an area's wall, newest first, a page at a time;
 * one wish's public page; and a team's pool, the wall of the area it serves with the wishes
 * nearest its station first. Only the station's public text, the community and the dates: never
 * the resident's words, name, phone or address (those reach only the one who claims it).
 */
import { isWithin, lineage } from '#shared/domain/area';
import type { LocalizedText } from '#shared/domain/catalog';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { wallPlace } from '#shared/domain/wall-cursor';
import type { ClaimerKind } from '#shared/domain/service-request';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { RequestRepository, WallEntry } from '#shared/ports/request-repository';
import type { TeamRepository } from '#shared/ports/team-repository';

export interface WallViewDeps {
  readonly requests: Pick<RequestRepository, 'wall' | 'get'>;
  readonly areas: Pick<AreaRepository, 'get' | 'getMany'>;
  readonly catalog: Pick<CatalogRepository, 'menu'>;
}

export interface WallItem {
  readonly id: string;
  readonly text: string;
  readonly wisher: string;
  /** The community and the street, e.g. 泰前街道 科大社区. */
  readonly place: LocalizedText;
  readonly areaId: string;
  readonly service: LocalizedText;
  readonly publishedAt: string;
  /** When it went on the wall last: after `publishedAt` for a wish given up or lapsed and listed again. */
  readonly listedAt: string;
}

export interface WallView {
  readonly area: { readonly id: string; readonly name: LocalizedText };
  /** The area's ancestors and itself, the top first: each has a wall too. */
  readonly trail: ReadonlyArray<{ readonly id: string; readonly name: LocalizedText }>;
  readonly items: readonly WallItem[];
  readonly next?: string;
}

/** Wishes a wall page lists. */
export const WALL_PAGE_SIZE = 20;

async function namer(deps: WallViewDeps) {
  const { services } = await deps.catalog.menu();
  const serviceNames = new Map(services.map((s) => [s.code, s.name]));
  const areaNames = new Map<string, Promise<LocalizedText | undefined>>();
  const areaName = (id: string) => {
    let name = areaNames.get(id);
    if (!name) areaNames.set(id, (name = deps.areas.get(id).then((a) => a?.name)));
    return name;
  };
  return async (entry: WallEntry): Promise<WallItem> => {
    const [community, street] = await Promise.all(lineage(entry.areaId).slice(0, 2).map(areaName));
    const names = [street, community].filter((n) => n !== undefined);
    return {
      id: entry.requestId,
      text: entry.text,
      wisher: entry.wisher,
      place: { zh: names.map((n) => n.zh).join(' '), en: names.map((n) => n.en).join(', ') },
      areaId: entry.areaId,
      service: serviceNames.get(entry.serviceCode) ?? { zh: entry.serviceCode, en: entry.serviceCode },
      publishedAt: entry.publishedAt,
      listedAt: entry.listedAt,
    };
  };
}

/** Wall entries as the pages show them, names read once each. */
export async function wallItemsOf(deps: WallViewDeps, entries: readonly WallEntry[]): Promise<WallItem[]> {
  const name = await namer(deps);
  return Promise.all(entries.map(name));
}

/** An area's wall, a page at a time: `cursor` is a page's `next`; anything else given is a 400 naming `after`. */
export async function wallView(deps: WallViewDeps, areaId: string, cursor?: string): Promise<WallView> {
  const area = /^\d{2,12}$/.test(areaId) ? await deps.areas.get(areaId) : undefined;
  if (!area) throw new NotFoundError('Area');
  if (cursor !== undefined && !wallPlace(cursor)) {
    throw new ValidationError([{ field: 'after', message: 'The `next` of a page of this wall (the link to older wishes)' }]);
  }
  const trail = (await deps.areas.getMany(lineage(area.id).reverse())).filter((a) => a !== undefined);
  const page = await deps.requests.wall(area.id, WALL_PAGE_SIZE, cursor);
  const name = await namer(deps);
  return {
    area: { id: area.id, name: area.name },
    trail: trail.map((a) => ({ id: a.id, name: a.name })),
    items: await Promise.all(page.entries.map(name)),
    ...(page.next ? { next: page.next } : {}),
  };
}

export interface WishView extends WallItem {
  /** `open`: on the wall; `claimed`: someone is on it; `fulfilled`: done; `closed`: back in review (reopened). */
  readonly state: 'open' | 'claimed' | 'fulfilled' | 'closed';
  /** Who claimed it: a team or unit by name; a volunteer is never named on a public page. */
  readonly claimedBy?: { readonly kind: ClaimerKind; readonly name?: string };
}

/** A wish's public page: 404 for a request the station never published. */
export async function wishView(deps: WallViewDeps, requestId: string): Promise<WishView> {
  const request = /^[0-9a-z]{1,64}$/.test(requestId) ? await deps.requests.get(requestId) : undefined;
  // Withdrawn, cancelled or expired: the text is taken down with it.
  if (!request?.wish || ['REJECTED', 'CANCELLED', 'EXPIRED'].includes(request.status)) throw new NotFoundError('Wish');
  const item = await (await namer(deps))({
    requestId: request.id,
    areaId: request.areaId,
    serviceCode: request.serviceCode,
    text: request.wish.text,
    wisher: request.wish.wisher,
    publishedAt: request.wish.publishedAt,
    listedAt: request.wish.listedAt,
  });
  const state =
    request.status === 'PUBLISHED'
      ? 'open'
      : request.status === 'ACCEPTED'
        ? 'claimed'
        : ['COMPLETED', 'CLOSED'].includes(request.status)
          ? 'fulfilled'
          : 'closed';
  // Staff may have given a team's claim to another team by hand (no claim then): that team holds it.
  const team = request.assignedTeam && { kind: 'team' as const, name: request.assignedTeam.name };
  const claimer = request.claim?.claimer ?? team;
  const claimedBy =
    claimer && state !== 'open' && state !== 'closed'
      ? { kind: claimer.kind, ...(claimer.kind === 'volunteer' ? {} : { name: claimer.name }) }
      : undefined;
  return { ...item, state, ...(claimedBy ? { claimedBy } : {}) };
}

/** Wishes the pool lists at most. */
export const POOL_SIZE = 100;

/**
 * The team's pool (抢单池): open wishes in the area it serves, nearest its station first (the
 * station's own community, then its street, its district… up to the served area), newest first
 * within each. Read outward, one wall at a time, until the pool is full: the wishes nearest the
 * station are never crowded out by newer ones elsewhere in the served area.
 */
export async function teamPool(deps: WallViewDeps & { readonly teams: Pick<TeamRepository, 'get'> }, teamId: string): Promise<WallItem[]> {
  const team = await deps.teams.get(teamId);
  if (!team) throw new NotFoundError('Team');
  const nearby = lineage(team.stationAreaId).filter((areaId) => isWithin(areaId, team.servesAreaId));
  const seen = new Set<string>();
  const pool: WallEntry[] = [];
  for (const areaId of nearby.length > 0 ? nearby : [team.servesAreaId]) {
    // Those seen already lie in this wall too, so its POOL_SIZE newest hold all that is still missing.
    const { entries } = await deps.requests.wall(areaId, POOL_SIZE);
    for (const entry of entries) if (pool.length < POOL_SIZE && !seen.has(entry.requestId) && seen.add(entry.requestId)) pool.push(entry);
    if (pool.length >= POOL_SIZE) break;
  }
  const name = await namer(deps);
  return Promise.all(pool.map(name));
}
