/**
 * The center's and stations' request list (issue 5): filters, overdue flags, pages. Station
 * staff see only their area; an area given outside it is 404, an empty or malformed one 400.
 */
import * as z from '#shared/domain/zod';
import { isOverdue } from '#shared/domain/admin-actions';
import { areaId, isWithin, levelOf } from '#shared/domain/area';
import { maskName, maskPhone } from '#shared/domain/contact';
import { ValidationError } from '#shared/domain/errors';
import { requestStatuses } from '#shared/domain/request-state';
import type { ServiceRequest } from '#shared/domain/service-request';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { addDays, addMonths, monthsBetween } from '#shared/domain/stats-calendar';
import { orderMonth } from '#shared/domain/team';
import { calendarDay, parseOrThrow } from '#shared/domain/validation';
import type { ListedRequest } from '#shared/ports/request-repository';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { DispatchDeps } from './dispatch-request';
import { readIndexedPage } from './created-page';
import { districtsHolding } from './districts';

const DAY_MS = 86_400_000;
/** The list's period unless asked: the last 30 days, today included, as the statistics' default. */
const DEFAULT_PERIOD_DAYS = 30;
/** The longest period listed at once: twelve calendar months, `to`'s included. */
const MAX_PERIOD_MONTHS = 12;
/**
 * Statuses still waiting for someone: a filter on one of them (or on overdue requests) looks back
 * the longest period unless asked, since the requests that waited longest are the ones it is for.
 */
const OPEN_STATUSES: readonly ServiceRequest['status'][] = [
  'SUBMITTED',
  'WAITING',
  'OFFERED',
  'ACCEPTED',
  'ESCALATED',
  'REVIEW',
  'PUBLISHED',
];
const isoDate = calendarDay();

/** A place in the list: a request's `createdAt` and id, as `next` gives it. */
const LIST_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z_[0-9a-z]{1,64}$/;

export type RequestListDeps = Pick<DispatchDeps, 'requests' | 'catalog' | 'clock'> & { readonly areas: Pick<AreaRepository, 'childrenOf'> };

export const requestListQuery = z.strictObject({
  status: z.optional(z.enum(requestStatuses)),
  area: z.optional(areaId),
  service: z.optional(z.string().check(z.maxLength(60))),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  overdue: z.optional(z.enum(['true', 'false'])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  /** `newest` first (the default), or `oldest` first: the longest waiting, as an overdue list is worked. */
  order: z._default(z.enum(['newest', 'oldest']), 'newest'),
  /** The page after this one: the `next` of the page before (the last request's time and id). */
  after: z.optional(
    z.string().check(
      z.regex(LIST_CURSOR, 'The `next` of the page before'),
      // A time of the pattern that is no real time (month 13, 25 o'clock, 30 February) names no place.
      z.refine((text) => !LIST_CURSOR.test(text) || isRealTime(text.slice(0, text.indexOf('_'))), 'The `next` of the page before'),
    ),
  ),
});

/** Whether an ISO time (UTC, seconds given) is one that exists: it reads back as written. */
function isRealTime(iso: string): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === iso.slice(0, 19);
}

export interface RequestListItem {
  readonly id: string;
  readonly trackingCode: string;
  readonly serviceCode: string;
  readonly areaId: string;
  readonly status: ServiceRequest['status'];
  readonly urgency: ServiceRequest['urgency'];
  readonly channel: ServiceRequest['channel'];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly team?: string;
  readonly resident: { readonly name: string; readonly phone: string };
  readonly overdue: boolean;
}

/** One page of the list, with the period it covers (Beijing days, both included): asked, or the default. */
export interface RequestListPage {
  readonly requests: RequestListItem[];
  readonly period: { readonly from: string; readonly to: string };
  readonly truncated: boolean;
  readonly next?: string;
}

export async function listRequests(deps: RequestListDeps, staff: Staff, rawQuery: unknown): Promise<RequestListPage> {
  const query = parseOrThrow(requestListQuery, rawQuery);
  const now = deps.clock.now();
  const to = query.to ?? orderDay(now);
  const from = query.from ?? defaultFrom(query, to);
  if (from > to) throw new ValidationError([{ field: 'from', message: 'Must not be after `to`' }]);
  if (monthsBetween(from, to).length > MAX_PERIOD_MONTHS)
    throw new ValidationError([{ field: 'from', message: 'At most twelve months at once' }]);
  const area = query.area ?? staff.areaId;
  if (area !== undefined) assertInScope(staff, area, 'Area');
  const districts = await districtsHolding(deps.areas, area);
  // An area within a district narrows that district's list to its own prefix.
  const prefix = (district: string) => (area && isWithin(area, district) ? area : district);
  const { services } = await deps.catalog.menu();
  const sla = new Map(services.map((s) => [s.code, s]));
  const direction = query.order === 'oldest' ? 1 : -1;
  const [start, end] = [Date.parse(`${from}T00:00:00+08:00`), Date.parse(`${to}T00:00:00+08:00`) + DAY_MS];
  const matchingIn = (batch: readonly ListedRequest[]) =>
    batch
      .filter((r) => !area || isWithin(r.areaId, area))
      .filter((r) => Date.parse(r.createdAt) >= start && Date.parse(r.createdAt) < end)
      .filter((r) => !query.status || r.status === query.status)
      .filter((r) => !query.service || r.serviceCode === query.service)
      .map((r) => ({ r, overdue: isOverdue(r, sla.get(r.serviceCode), now) }))
      .filter(({ overdue }) => query.overdue === undefined || overdue === (query.overdue === 'true'))
      .sort((a, b) => direction * compare(listPlace(a.r), listPlace(b.r)))
      .filter(({ r }) => query.after === undefined || direction * compare(listPlace(r), query.after) > 0);
  // A month at a time in the list's order, from the cursor's month (those before it hold nothing after
  // it), until the page and one more are found: a page reads the months it spans, not the period.
  const afterMonth = query.after && orderMonth(new Date(query.after.slice(0, query.after.indexOf('_'))));
  const months = monthsBetween(from, to).filter((m) => !afterMonth || direction * compare(m, afterMonth) >= 0);
  if (direction > 0) months.reverse();
  const matching: ReturnType<typeof matchingIn> = [];
  let resumeAt: string | undefined;
  // In the list's order a chunk at a time: a community's requests (gsi3 holds them in time order), or,
  // unless a filter reads more of them than it keeps, the places of wider areas' (gsi4), then the page's.
  const filtered = query.status !== undefined || query.service !== undefined || query.overdue !== undefined;
  const chunked = (area !== undefined && levelOf(area) === 'community') || !filtered;
  if (chunked) {
    const after = query.after && {
      createdAt: query.after.slice(0, query.after.indexOf('_')),
      id: query.after.slice(query.after.indexOf('_') + 1),
    };
    const [fromIso, toIso] = [new Date(start).toISOString(), new Date(end).toISOString()];
    const plan = { districts, months, from: fromIso, to: toIso, order: query.order, want: query.limit + 1 };
    const read = await readIndexedPage(
      deps.requests,
      { ...plan, ...(area ? { area } : {}), ...(after ? { after } : {}) },
      (r) => matchingIn([r]).length > 0,
    );
    matching.push(...matchingIn(read.found));
    resumeAt = read.resumeAt && listPlace(read.resumeAt);
  } else
    for (const month of months) {
      // Filtered above a community: each district month's requests in the area whole.
      const batches = await Promise.all(districts.map((d) => deps.requests.listCreated(d, month, prefix(d))));
      matching.push(...matchingIn(batches.flat()));
      if (matching.length > query.limit) break;
    }
  const page = matching.slice(0, query.limit);
  // More may follow: the page and one more were found, or the page's reading budget ran out first.
  const next = matching.length > query.limit ? listPlace(page.at(-1)!.r) : resumeAt;
  return {
    requests: page.map(({ r, overdue }) => listItem(r, overdue)),
    period: { from, to },
    truncated: next !== undefined,
    ...(next ? { next } : {}),
  };
}

/**
 * Where the period starts unless asked: the last 30 days; for open requests (an open status, or
 * overdue ones) the first day of the longest period, so one that has waited for months is listed.
 */
function defaultFrom(query: Pick<z.infer<typeof requestListQuery>, 'status' | 'overdue'>, to: string): string {
  const open = query.overdue === 'true' || (query.status !== undefined && OPEN_STATUSES.includes(query.status));
  return open ? `${addMonths(to.slice(0, 7), 1 - MAX_PERIOD_MONTHS)}-01` : addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
}

/** Where a request stands in the list: by its creation (ISO, all of one length), then its id (two in the same millisecond). */
function listPlace(r: Pick<ServiceRequest, 'createdAt' | 'id'>): string {
  return `${r.createdAt}_${r.id}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function orderDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function listItem(r: ListedRequest, overdue: boolean): RequestListItem {
  const team = r.assignedTeam?.name ?? r.offer?.teamName;
  return {
    id: r.id,
    trackingCode: r.trackingCode,
    serviceCode: r.serviceCode,
    areaId: r.areaId,
    status: r.status,
    urgency: r.urgency,
    channel: r.channel,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(team ? { team } : {}),
    resident: { name: maskName(r.contact.name), phone: maskPhone(r.contact.phone) },
    overdue,
  };
}
