import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { RequestFact } from '#shared/domain/request-fact';
import type { OutboxMessage } from './outbox';

/** The first response to an Idempotency-Key, kept so a retry gets the same answer. */
export interface IdempotencyRecord {
  readonly keyHash: string;
  readonly bodyHash: string;
  readonly response: unknown;
  /** ISO time after which the record may be forgotten. */
  readonly expiresAt: string;
}

export interface NewRequestRecord {
  readonly request: ServiceRequest;
  readonly events: readonly TimelineEvent[];
  readonly outbox: readonly OutboxMessage[];
  /** The creation's fact for the statistics, stored with it. */
  readonly fact?: RequestFact;
  readonly idempotency?: IdempotencyRecord;
  /**
   * A second kept answer, for the same content sent again from the order form within a short
   * window (`web#` key): refused like `idempotency` while one unexpired is kept.
   */
  readonly repeat?: IdempotencyRecord;
  /**
   * The id of an ended request (cancelled, rejected, expired) whose unexpired `repeat` answer this
   * creation may replace: ordered again after it ended, the same content is a new request. Only
   * while that request's answer is still the one kept, so of two such creations at once one wins.
   */
  readonly repeatTakesOver?: string;
}

/** A status change computed by the domain (`withStatus`), to be stored if nothing raced it. */
export interface StatusChange {
  readonly before: ServiceRequest;
  readonly after: ServiceRequest;
  readonly event: TimelineEvent;
  readonly outbox?: readonly OutboxMessage[];
  /** The change's fact for the statistics, stored with it. */
  readonly fact?: RequestFact;
  /** Ids of this request's outbox messages the change has acted on; removed with it. */
  readonly settles?: readonly string[];
  /**
   * A volunteer's or work unit's claim (PUBLISHED → ACCEPTED): one of the claimer's open-claim
   * slots is taken in the same write, refused with ClaimLimitError when they hold `limit` already.
   * The slot comes back by itself with whatever change ends the claim.
   */
  readonly claimSlot?: { readonly holder: ClaimSlotHolder; readonly limit: number };
}

/** Who holds claim slots: a volunteer or a work unit (a team's claims count against its capacity). */
export interface ClaimSlotHolder {
  readonly kind: 'volunteer' | 'unit';
  readonly id: string;
}

/** One wish as the wall lists it: the station's public text and nothing else of the request. */
export interface WallEntry {
  readonly requestId: string;
  readonly areaId: string;
  readonly serviceCode: string;
  readonly text: string;
  readonly wisher: string;
  readonly publishedAt: string;
  readonly listedAt: string;
}

export interface WallPage {
  readonly entries: readonly WallEntry[];
  /** Opaque: pass it back for the next (older) page; absent on the last. */
  readonly next?: string;
}

/** A place in the sweep's list of due requests: a request's due time and id. */
export interface SweepPlace {
  readonly dueAt: string;
  readonly id: string;
}

/** A change to OFFERED that also takes one unit of the team's capacity. */
export interface OfferReservation extends StatusChange {
  readonly teamId: string;
  /**
   * The team's `version` as read when the offer was judged (its area, its services): the offer
   * holds only if the team is still that version and still handles the request's service (its
   * coverage), so a team moved or given other services by a change meanwhile is not offered work it
   * no longer serves. Unchecked when absent (a team's claim of a wish, staff's choice).
   */
  readonly teamVersion?: number;
}

/** `team-unavailable`: full, paused, changed or no longer handling the service (`teamVersion`) by now; `request-changed`: someone else moved the request. */
export type ReservationOutcome = 'offered' | 'team-unavailable' | 'request-changed';

/** Thrown by `create` when the tracking code drawn is taken; the caller draws again. */
export class TrackingCodeTakenError extends Error {}
/** Thrown by `create` when another submission with the same key (`keyHash`: which one) won the race. */
export class IdempotencyKeyTakenError extends Error {
  constructor(readonly keyHash: string) {
    super('The idempotency key is taken');
  }
}

/**
 * Where service requests live. Every write is all-or-nothing, and a status change is refused
 * (IllegalTransitionError) unless the stored status and version are the expected ones.
 */
/** A request as `listCreated` answers it: the resident's free text may be absent (`detailsApart`). */
export type ListedRequest = Omit<ServiceRequest, 'description' | 'attributes' | 'preferredTime'> &
  Partial<Pick<ServiceRequest, 'description' | 'attributes' | 'preferredTime'>>;

/** A request's place in the admins' list without the request: when it was created, its id, its area. */
export interface CreatedEntry {
  readonly createdAt: string;
  readonly id: string;
  readonly areaId: string;
}

/** Which of a district month's entries `createdEntries` reads, and in which order. */
export interface CreatedRange {
  /** ISO times: created at or after `from` and before `to`. */
  readonly from: string;
  readonly to: string;
  readonly order: 'newest' | 'oldest';
  /** Only the entries after this place in the order, (createdAt, id) (e.g. the last of the chunk before). */
  readonly after?: Pick<CreatedEntry, 'createdAt' | 'id'>;
}

export interface RequestRepository {
  create(record: NewRequestRecord): Promise<void>;
  get(id: string): Promise<ServiceRequest | undefined>;
  /** The request and its timeline, oldest event first. */
  getWithTimeline(id: string): Promise<{ request: ServiceRequest; timeline: TimelineEvent[] } | undefined>;
  /** The request with this 8-digit tracking code, if any; the same reads whether it exists or not (timing must not tell). */
  findByTrackingCode(code: string): Promise<ServiceRequest | undefined>;
  findIdempotency(keyHash: string): Promise<IdempotencyRecord | undefined>;
  /** Stores `after` only if the stored request is still `before` (status and version). */
  changeStatus(change: StatusChange): Promise<void>;
  /**
   * One all-or-nothing write: the request moves to OFFERED if it is still `before`, and the
   * team's active count rises only while it is below its capacity and the team is not paused.
   */
  reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome>;
  /**
   * One all-or-nothing write: the request leaves a state that held the team's capacity
   * (OFFERED or ACCEPTED) if it is still `before`, and the team gets that unit back. Exactly
   * once: a second release finds the request changed and releases nothing.
   */
  releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'>;
  /**
   * Stores `after` (same status, e.g. a new due time) if the request is still `before`: the same
   * status and version, and the same due time, which every write without a new version changes
   * (so a copy read before another such write cannot undo it, e.g. put back withheld credits).
   * `fact`: the fact of a write that makes a new version (a complaint's mark), stored with it.
   */
  update(before: ServiceRequest, after: ServiceRequest, fact?: RequestFact): Promise<boolean>;
  /**
   * Requests whose `dueAt` has come, oldest first (by due time, then id); with `after`, those
   * after that place only (the last of the page before), so one sweep run walks the list once.
   */
  dueForSweep(now: string, limit: number, after?: SweepPlace): Promise<ServiceRequest[]>;
  /**
   * The center's queue: ESCALATED requests by when each went to the center in its round
   * (`escalatedAt`; one stored before it by its last change), oldest first.
   */
  escalated(limit: number): Promise<ServiceRequest[]>;
  /** A team's open offers or accepted orders, oldest change first: each as it stands (read consistently), still the team's. */
  openForTeam(teamId: string, status: 'OFFERED' | 'ACCEPTED', limit: number): Promise<ServiceRequest[]>;
  /**
   * The requests created in one Shanghai month (`2026-11`) in a district (`370902`) whose
   * area id starts with `areaPrefix`: every one, for the admins' list (bounded: one district's
   * month). The caller filters exactly (a prefix also matches `kedaxi` for `keda`). Without the
   * free text a request may keep apart (a month of a city is tens of thousands of requests, and
   * neither the list nor the service records show it).
   */
  listCreated(districtId: string, month: string, areaPrefix: string): Promise<ListedRequest[]>;
  /**
   * The places of a district's requests created in one Shanghai month within `range`, in its
   * order (createdAt, then id), about `limit` (more to end with every request created at the
   * last one's time), and whether more may follow: keys and the area alone, so a chunk costs little
   * whatever the requests hold. The list reads the requests it wants of them with `listedByIds`.
   */
  createdEntries(
    districtId: string,
    month: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ entries: CreatedEntry[]; more: boolean }>;
  /**
   * One community's requests of a district month within `range`, in its order, at most `limit`,
   * and whether more may follow: whole, in the order of gsi3 (a community's are time-ordered there).
   */
  createdIn(
    districtId: string,
    month: string,
    communityId: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ requests: ListedRequest[]; more: boolean }>;
  /** The requests with these ids, as `listCreated` answers them (no free text kept apart), in no order; one gone is left out. */
  listedByIds(ids: readonly string[]): Promise<ListedRequest[]>;
  /** Adds a NOTE (no status change) to a request's timeline, e.g. who voided its credit and why. */
  addNote(event: TimelineEvent): Promise<void>;
  /**
   * Adds a NOTE only if no note of the same `once` name was added to the request before, under any
   * concurrency: true when this call added it, false when one was there already.
   */
  addNoteOnce(event: TimelineEvent, once: string): Promise<boolean>;
  /**
   * WAITING requests of a service in an area (any level: a team's served area), urgent first,
   * then oldest, at most `limit`. The line is kept per county: one within a county is read from
   * its county's head, `WAITING_LINE_PAGE` at a time, keeping those inside the area, at most
   * `WAITING_LINE_PAGES` pages; one above (a city, a province) reads the first `limit` of each
   * county with requests waiting in it, one query a county (plus one to end each city's walk and
   * one a city for a province), at most `WAITING_LINE_PARALLEL` at a time. Ask for no more than
   * is needed: the caller's `limit` is what each county's line is read for.
   */
  waiting(serviceCode: string, areaId: string, limit: number): Promise<ServiceRequest[]>;
  /**
   * The wish wall of an area (any level: a community, street, district, city): PUBLISHED wishes
   * in it, newest listed first. Kept by every status change in the same write as the request.
   */
  wall(areaId: string, limit: number, cursor?: string): Promise<WallPage>;
  /**
   * Wishes of a district (`370902`) waiting for a station's review (REVIEW), oldest first; only
   * those whose area lies `within` the given one (a station's community), however many older
   * ones wait elsewhere in the district.
   */
  inReview(districtId: string, limit: number, within?: string): Promise<ServiceRequest[]>;
  /** The wishes a volunteer or work unit has claimed and not yet fulfilled, nearest deadline first, up to `limit` whatever the pages. */
  claimedBy(holder: ClaimSlotHolder, limit: number): Promise<ServiceRequest[]>;
}

/** The writes that create a request or change its status: what announces itself (notices, facts). */
export type RequestChanges = Pick<RequestRepository, 'create' | 'changeStatus' | 'reserveOffer' | 'releaseOffer'>;

/** Entries of a county's waiting line read at a time (`waiting`). */
export const WAITING_LINE_PAGE = 100;
/** Pages of a county's waiting line read at most per call: a street's team looks past 1,000 of its county's. */
export const WAITING_LINE_PAGES = 10;
/** Queries of a city's or province's waiting line in flight at once (`waiting`): its cities' walks run side by side. */
export const WAITING_LINE_PARALLEL = 8;
