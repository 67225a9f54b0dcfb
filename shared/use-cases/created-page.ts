/**
 * One page of the admins' request list read in the list's order, a chunk at a time: a
 * community's requests whole from gsi3 (`createdIn`: time-ordered there), a wider area's places
 * from the creation index (`createdEntries`: keys and area, filtered by the area) and then only
 * the requests the page shows (`listedByIds`). Once the page holds a request, no more than a
 * budget of places is read for it: a rare filter's page ends early with a place to go on from
 * (never empty with one, which would read as "none").
 */
import { isWithin, levelOf } from '#shared/domain/area';
import type { CreatedEntry, CreatedRange, ListedRequest, RequestRepository } from '#shared/ports/request-repository';

/**
 * Places read at most for a page that holds a request (keys and area: about 130 bytes each, ~8 read units
 * a thousand; a community's requests read whole count 8 each: about 1,250 of them, ~160 units).
 */
export const PAGE_KEYS_BUDGET = 10_000;
/** The largest chunk of places one district's query asks for (chunks double from the page's size). */
const KEY_CHUNK_MAX = 1_000;
/** The fewest requests read whole in one batch. */
const MIN_PORTION = 25;

type Place = Pick<CreatedEntry, 'createdAt' | 'id'>;
/** Places read from one district's month, each with its request when the index holds it whole. */
type Chunk = { entries: (CreatedEntry & { request?: ListedRequest })[]; more: boolean };
/** What a request read whole by a query counts for against the keys' budget (about 1 KB against 130 bytes). */
const WHOLE_WEIGHT = 8;

export interface IndexedPagePlan {
  readonly districts: readonly string[];
  /** The months to read, in the list's order. */
  readonly months: readonly string[];
  /** Only requests within this area (any level), if given. */
  readonly area?: string;
  /** ISO times: created at or after `from`, before `to`. */
  readonly from: string;
  readonly to: string;
  readonly order: 'newest' | 'oldest';
  readonly after?: Place;
  /** How many requests to find: the page and one more, to know more follow. */
  readonly want: number;
}

/**
 * Up to `want` requests that `keep` keeps, in the list's order; with `resumeAt` when the budget
 * ran out first (more may follow after that place, everything before it was looked at).
 */
export async function readIndexedPage(
  requests: Pick<RequestRepository, 'createdEntries' | 'createdIn' | 'listedByIds'>,
  plan: IndexedPagePlan,
  keep: (request: ListedRequest) => boolean,
): Promise<{ found: ListedRequest[]; resumeAt?: Place }> {
  // A community's requests are in time order on gsi3, whole: read there, no keys to read first.
  const community = plan.area !== undefined && levelOf(plan.area) === 'community' ? plan.area : undefined;
  const chunkOf = async (district: string, month: string, range: CreatedRange, limit: number): Promise<Chunk> => {
    if (!community) return requests.createdEntries(district, month, range, limit);
    const { requests: found, more } = await requests.createdIn(district, month, community, range, limit);
    return { entries: found.map((request) => ({ createdAt: request.createdAt, id: request.id, areaId: request.areaId, request })), more };
  };
  const direction = plan.order === 'newest' ? -1 : 1;
  const place = (p: Place) => `${p.createdAt}_${p.id}`;
  /** Negative when `a` comes first in the list's order. */
  const inOrder = (a: Place, b: Place) => direction * (place(a) < place(b) ? -1 : place(a) > place(b) ? 1 : 0);
  const found: ListedRequest[] = [];
  let keysRead = 0;
  let examined: Place | undefined;
  for (const month of plan.months) {
    const districts = plan.districts.map((district) => ({ district, after: plan.after, done: false }));
    let candidates: Chunk['entries'] = [];
    for (let chunk = plan.want; ; chunk = Math.min(chunk * 2, KEY_CHUNK_MAX)) {
      const open = districts.filter((d) => !d.done);
      const range = { from: plan.from, to: plan.to, order: plan.order };
      const reads = await Promise.all(
        open.map((d) => chunkOf(d.district, month, { ...range, ...(d.after ? { after: d.after } : {}) }, chunk)),
      );
      open.forEach((d, i) => {
        const { entries, more } = reads[i]!;
        keysRead += entries.length * (community ? WHOLE_WEIGHT : 1);
        candidates.push(...entries.filter((e) => !plan.area || isWithin(e.areaId, plan.area)));
        d.after = entries.at(-1) ?? d.after;
        d.done = !more || entries.length === 0;
      });
      candidates.sort(inOrder);
      // Every district has been read up to the least advanced one still open: the places before it are settled.
      const frontier = districts
        .filter((d) => !d.done)
        .map((d) => d.after!)
        .sort(inOrder)[0];
      const settled = frontier ? candidates.filter((e) => inOrder(e, frontier) <= 0).length : candidates.length;
      let taken = 0;
      while (taken < settled && found.length < plan.want) {
        const portion = candidates.slice(taken, taken + Math.max(plan.want - found.length, MIN_PORTION));
        const wanted = portion.filter((e) => !e.request).map((e) => e.id);
        const byId = new Map((wanted.length ? await requests.listedByIds(wanted) : []).map((r) => [r.id, r]));
        found.push(...portion.flatMap((e) => e.request ?? byId.get(e.id) ?? []).filter(keep));
        taken += portion.length;
        examined = portion.at(-1);
      }
      candidates = candidates.slice(taken);
      if (found.length >= plan.want) return { found: found.slice(0, plan.want) };
      // All read up to the frontier, or the month's whole (its last place read, of any district), has been looked at.
      const reached =
        frontier ??
        districts
          .flatMap((d) => (d.after && d.after !== plan.after ? [d.after] : []))
          .sort(inOrder)
          .at(-1);
      if (taken === settled && reached) examined = reached;
      if (keysRead >= PAGE_KEYS_BUDGET && found.length > 0) return { found, ...(examined ? { resumeAt: examined } : {}) };
      if (!frontier) break;
    }
  }
  return { found };
}
