/**
 * Every key format of the single table, one function per access pattern. Nothing else in the
 * code base builds a key string. The access patterns are listed in docs/ARCHITECTURE.md.
 */

import { createHash } from 'node:crypto';
import type { ClaimSlotHolder } from '#shared/ports/request-repository';
import { ancestorAt, type AreaLevel, levelOf } from '#shared/domain/area';
import { orderMonth } from '#shared/domain/team';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** The county-level area a request's area lies in (itself when above that level). */
const districtOf = (areaId: string) => ancestorAt(areaId, 'district') ?? areaId;
const adminListingPartition = (districtId: string, month: string) => `REQS#${districtId}#${month}`;

/** What every rate-limit counter's partition key starts with: IAM holds `read+rate-limits` functions' writes to it. */
export const RATE_PARTITION_PREFIX = 'RATE#';

const OUTBOX_PARTITION = 'OUTBOX';

export const keys = {
  /** A request's own item; its timeline events share the partition. */
  request: (id: string): ItemKey => ({ pk: `REQ#${id}`, sk: 'REQ' }),
  requestPartition: (id: string) => `REQ#${id}`,
  /** A request's long details, written once (`detailsApart`); `begins_with(sk, REQ)` reads it with the request. */
  requestDetails: (id: string): ItemKey => ({ pk: `REQ#${id}`, sk: 'REQ#DETAILS' }),
  timelineEvent: (requestId: string, at: string, seq: number): ItemKey => ({
    pk: `REQ#${requestId}`,
    sk: `EVT#${at}#${pad(seq, 4)}`,
  }),
  timelinePrefix: 'EVT#',
  /** Marks a note written at most once per request (e.g. a complaint upheld); taken with the note. */
  onceNote: (requestId: string, once: string): ItemKey => ({ pk: `REQ#${requestId}`, sk: `ONCE#${once}` }),

  /** Tracking code → request; its conditional put makes codes unique. */
  trackingCode: (code: string): ItemKey => ({ pk: `TRACK#${code}`, sk: 'TRACK' }),

  /** Idempotency-Key → the first response; keyed by the key's hash, not the raw header. */
  idempotency: (keyHash: string): ItemKey => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' }),

  /**
   * A message committed with a state change, kept until its consumer has acted on it. Every
   * unsettled message shares one partition, which the relay reads whole: settled ones are
   * removed, so it holds only what is in flight, and no index entry is written or removed.
   */
  outbox: (requestId: string, messageId: string): ItemKey => ({ pk: OUTBOX_PARTITION, sk: `${requestId}#${messageId}` }),
  outboxPartition: OUTBOX_PARTITION,
  /**
   * Upgrade shim (remove after 2027-01-06): where the version before kept a message, beside its
   * request, and the gsi2 partition the relay found it by (also the facts of the version before
   * stored facts). The relay moves any it finds there to `outbox`.
   */
  legacyOutbox: (requestId: string, messageId: string): ItemKey => ({ pk: `REQ#${requestId}`, sk: `OUTBOX#${messageId}` }),
  legacyOutboxDuePartition: 'OUTBOX',

  /**
   * A request fact: what the statistics count of one change (has `ttl`), in its Shanghai day's
   * partition by the request's area code, so the facts of any area of a day are one `begins_with`
   * (area codes of a level are prefixes of those within).
   */
  fact: (day: string, areaId: string, requestId: string, version: number): ItemKey => ({
    pk: `FACTS#${day}`,
    sk: `${areaId}#${requestId}#v${pad(version, 4)}`,
  }),
  factDayPartition: (day: string) => `FACTS#${day}`,
  /**
   * Upgrade shim, remove after 2027-01-16 (`FACT_DAYS` after 2026-12-07): the facts written before
   * 2026-12-07 lie beside their request (`REQ#<id>` / `STATFACT#v<version>`) and are found on gsi2
   * by this partition (`gsi2sk` as the sort key of `fact`) until their `ttl` removes them.
   */
  legacyFactDayIndexPartition: (day: string) => `FACTS#${day}`,

  service: (code: string): ItemKey => ({ pk: `SERVICE#${code}`, sk: 'SERVICE' }),
  category: (code: string): ItemKey => ({ pk: `CATEGORY#${code}`, sk: 'CATEGORY' }),
  /** gsi1: the whole menu in one query, categories by order, services by category. */
  menuEntryOfCategory: (order: number, code: string) => ({ gsi1pk: 'MENU', gsi1sk: `CATEGORY#${pad(order, 4)}#${code}` }),
  menuEntryOfService: (category: string, code: string) => ({ gsi1pk: 'MENU', gsi1sk: `SERVICE#${category}#${code}` }),
  menuPartition: 'MENU',
  /**
   * A service's name and form as they were until a save changed them (`until`, ISO), all services'
   * in one partition so a page naming many past requests reads them in one query.
   */
  earlierServiceForm: (code: string, until: string): ItemKey => ({ pk: 'SERVICEFORMS', sk: `${code}#${until}` }),
  earlierServiceFormsPartition: 'SERVICEFORMS',

  area: (id: string): ItemKey => ({ pk: `AREA#${id}`, sk: 'AREA' }),
  /** gsi1: areas sorted by id path, so a subtree is a `begins_with` range. */
  areaListing: (id: string) => ({ gsi1pk: 'AREAS', gsi1sk: id }),
  areasPartition: 'AREAS',
  /** gsi2: the areas of one level by id path, so an area's children are a `begins_with` range of the level below. */
  areaLevelListing: (id: string) => ({ gsi2pk: `AREALEVEL#${levelOf(id)}`, gsi2sk: id }),
  areaLevelPartition: (level: AreaLevel) => `AREALEVEL#${level}`,
  /** gsi3 (communities only): a city's communities by name, so a search by a name's start is a `begins_with` range. */
  communityNameListing: (id: string, nameZh: string) => ({ gsi3pk: `AREANAME#${id.slice(0, 4)}`, gsi3sk: `${nameZh}#${id}` }),
  communityNamePartition: (cityId: string) => `AREANAME#${cityId}`,
  /**
   * Says the level and name listings hold every stored area: written by the reindex when it has
   * listed them all (an empty table: at once). Until it exists, areas are read through gsi1.
   */
  areasListed: { pk: 'CONFIG#areas-listed', sk: 'CURRENT' } as ItemKey,

  team: (id: string): ItemKey => ({ pk: `TEAM#${id}`, sk: 'TEAM' }),
  /** gsi1: every team by station area path, so the teams stationed in an area are a prefix. */
  teamListing: (stationAreaId: string, teamId: string) => ({ gsi1pk: 'TEAMS', gsi1sk: `${stationAreaId}/${teamId}` }),
  teamsPartition: 'TEAMS',
  /** A registered volunteer (a person); their teams share the partition. */
  person: (id: string): ItemKey => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  personTeam: (id: string, teamId: string): ItemKey => ({ pk: `PERSON#${id}`, sk: `TEAM#${teamId}` }),
  personPartition: (id: string) => `PERSON#${id}`,
  personTeamPrefix: 'TEAM#',
  /** A move of the person's home community (at, then the move's own id: two never share a key). */
  personMove: (id: string, at: string, moveId: string): ItemKey => ({ pk: `PERSON#${id}`, sk: `MOVE#${at}#${moveId}` }),
  personMovePrefix: 'MOVE#',
  /** Phone → person, by the phone's hash; its conditional put makes a phone one person's. */
  personPhone: (phoneHash: string): ItemKey => ({ pk: `PERSONPHONE#${phoneHash}`, sk: 'PERSONPHONE' }),
  /** Identity document → person, by its keyed hash; unique the same way. */
  personIdentity: (identityHash: string): ItemKey => ({ pk: `PERSONID#${identityHash}`, sk: 'PERSONID' }),
  /** A phone's live sign-in code (by the phone's hash), forgotten by TTL. */
  /** An issued certificate, and its place in the person's partition (newest last by sort key). */
  certificate: (number: string): ItemKey => ({ pk: `CERT#${number}`, sk: 'CERT' }),
  personCertificate: (volunteerId: string, issuedAt: string, number: string): ItemKey => ({
    pk: `PERSON#${volunteerId}`,
    sk: `CERT#${issuedAt}#${number}`,
  }),
  personCertificatePrefix: 'CERT#',
  certificateSequence: (year: string): ItemKey => ({ pk: `CERTSEQ#${year}`, sk: 'SEQ' }),
  signInCode: (phoneKey: string): ItemKey => ({ pk: `SIGNIN#${phoneKey}`, sk: 'CODE' }),
  /** Volunteer registrations per area node (every level of the home community's lineage) and Shanghai month. */
  volunteerStats: (areaId: string, month: string): ItemKey => ({ pk: `VSTATS#${areaId}`, sk: month }),
  volunteerStatsPartition: (areaId: string) => `VSTATS#${areaId}`,
  /** Markers that make a service and a person's activity count once in the volunteer statistics. */
  volunteerServiceCounted: (volunteerId: string, requestId: string): ItemKey => ({
    pk: `VSERVED#${volunteerId}#${requestId}`,
    sk: 'VSERVED',
  }),
  volunteerActive: (areaId: string, month: string, volunteerId: string): ItemKey => ({ pk: `VACTIVE#${areaId}#${month}`, sk: volunteerId }),
  /** A team's invitation to a phone (by its invitation key), in the phone's partition and in the team's; forgotten by TTL. */
  invitation: (phoneKey: string, teamId: string): ItemKey => ({ pk: `INVITE#${phoneKey}`, sk: `TEAM#${teamId}` }),
  invitationsPartition: (phoneKey: string) => `INVITE#${phoneKey}`,
  teamInvitation: (teamId: string, phoneKey: string): ItemKey => ({ pk: `INVITES#${teamId}`, sk: phoneKey }),
  teamInvitationsPartition: (teamId: string) => `INVITES#${teamId}`,
  /** A team's members, one item each. */
  teamMember: (teamId: string, volunteerId: string): ItemKey => ({ pk: `MEMBERS#${teamId}`, sk: volunteerId }),
  teamMembersPartition: (teamId: string) => `MEMBERS#${teamId}`,
  /** A volunteer's balance, and beside it the ledger: one EARN line per request, SPEND lines. */
  volunteerBalance: (volunteerKey: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: 'BALANCE' }),
  volunteerEarning: (volunteerKey: string, requestId: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: `EARN#${requestId}` }),
  volunteerSpending: (volunteerKey: string, at: string, pickupCode: string): ItemKey => ({
    pk: `VOL#${volunteerKey}`,
    sk: `SPEND#${at}#${pickupCode}`,
  }),
  /** A staff correction of a request's credit (the n-th), sorted beside its EARN line: one read finds both. */
  volunteerAdjustment: (volunteerKey: string, requestId: string, seq: number): ItemKey => ({
    pk: `VOL#${volunteerKey}`,
    sk: `EARN#${requestId}#ADJ#${String(seq).padStart(4, '0')}`,
  }),
  volunteerVoiding: (volunteerKey: string, requestId: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: `VOID#${requestId}` }),
  volunteerPartition: (volunteerKey: string) => `VOL#${volunteerKey}`,
  /** Pickup code → its redemption; its conditional put, in the spending transaction, makes codes unique. */
  pickupCode: (code: string): ItemKey => ({ pk: `PICKUP#${code}`, sk: 'PICKUP' }),
  /** A redemption's idempotency key, taken in the same write as the points. */
  redemptionKey: (idempotencyKey: string): ItemKey => ({ pk: `REDEEMKEY#${idempotencyKey}`, sk: 'REDEEMKEY' }),
  /** Points rules of this deployment; defaults apply while absent. */
  /** The deployment's credit rules (`CURRENT`), or one area's. */
  creditRules: (areaId?: string): ItemKey => ({ pk: 'CONFIG#credit-rules', sk: areaId ? `AREA#${areaId}` : 'CURRENT' }),
  /** Abuse limits on the public intake of this deployment; defaults apply while absent. */
  intakeLimits: { pk: 'CONFIG#intake-limits', sk: 'CURRENT' } as ItemKey,
  /** The ring of keys that sign teams' one-tap links, volunteer sessions and sealed answers. */
  linkSigningKey: { pk: 'CONFIG#link-signing-key', sk: 'CURRENT' } as ItemKey,
  /** The identity numbers' hash key, pinned once and never rotated. */
  identityKey: { pk: 'CONFIG#identity-key', sk: 'CURRENT' } as ItemKey,
  /** One item per service a team handles, beside the team. */
  teamCoverage: (teamId: string, serviceCode: string): ItemKey => ({ pk: `TEAM#${teamId}`, sk: `COVER#${serviceCode}` }),
  coveragePrefix: 'COVER#',
  /** gsi1: the teams handling a service that serve exactly this area node. */
  coverageListing: (serviceCode: string, servesAreaId: string, teamId: string) => ({
    gsi1pk: `COVER#${serviceCode}#${servesAreaId}`,
    gsi1sk: `TEAM#${teamId}`,
  }),
  coveragePartition: (serviceCode: string, servesAreaId: string) => `COVER#${serviceCode}#${servesAreaId}`,
  /** gsi2: the teams handling a service by served area path, so a subtree is a `begins_with`. */
  coverageByArea: (serviceCode: string, servesAreaId: string, teamId: string) => ({
    gsi2pk: `COVERAREA#${serviceCode}`,
    gsi2sk: `${servesAreaId}#${teamId}`,
  }),
  coverageByAreaPartition: (serviceCode: string) => `COVERAREA#${serviceCode}`,
  /**
   * gsi1: the center's queue of escalated requests, by when each first went to the center in its
   * round (`escalatedAt`; an item from before it: its last change), oldest first (sparse: only
   * ESCALATED). A hand offer declined or lapsed returns the request to its place, not the back.
   */
  escalatedListing: (escalatedAt: string, requestId: string) => ({ gsi1pk: 'ESCALATED', gsi1sk: `${escalatedAt}#${requestId}` }),
  escalatedPartition: 'ESCALATED',
  /** gsi2: requests the sweeper must look at, by time (sparse: only those with a `dueAt`). */
  sweepDue: (dueAt: string, requestId: string) => ({ gsi2pk: 'DUE', gsi2sk: `${dueAt}#${requestId}` }),
  sweepDuePartition: 'DUE',
  /**
   * gsi1: waiting requests of a service by county (the 6-digit district code of the request's
   * community), then urgent first, then oldest (sparse: only WAITING): one county's line is a
   * `begins_with(<county>#)` in line order, whatever its communities' codes. Items from before
   * (`0#…`, `1#…`, no county) match no county and are rewritten by their next sweep re-check.
   */
  waitingListing: (serviceCode: string, areaId: string, urgent: boolean, createdAt: string, requestId: string) => ({
    gsi1pk: `WAITING#${serviceCode}`,
    gsi1sk: `${districtOf(areaId)}#${urgent ? 0 : 1}#${createdAt}#${requestId}`,
  }),
  waitingPartition: (serviceCode: string) => `WAITING#${serviceCode}`,
  /** The start of a county's waiting line (`370902#`) within a service's partition. */
  waitingCountyPrefix: (countyId: string) => `${countyId}#`,
  /** gsi1: a team's open work, offers then accepted orders, newest change last (sparse). */
  teamOpenListing: (teamId: string, status: 'OFFERED' | 'ACCEPTED', updatedAt: string, requestId: string) => ({
    gsi1pk: `TEAMOPEN#${teamId}`,
    gsi1sk: `${status}#${updatedAt}#${requestId}`,
  }),
  teamOpenPartition: (teamId: string) => `TEAMOPEN#${teamId}`,
  /** gsi1: wishes waiting for a station's review, per district, oldest first (sparse: only REVIEW). */
  reviewListing: (areaId: string, since: string, requestId: string) => ({
    gsi1pk: `WISHREVIEW#${districtOf(areaId)}`,
    gsi1sk: `${since}#${requestId}`,
  }),
  reviewPartition: (districtId: string) => `WISHREVIEW#${districtId}`,
  /** gsi1: the wishes a volunteer or work unit holds claimed, nearest deadline first (sparse: ACCEPTED by their claim). */
  claimsListing: (holder: ClaimSlotHolder, deadline: string, requestId: string) => ({
    gsi1pk: `CLAIMS#${holder.kind}#${holder.id}`,
    gsi1sk: `${deadline}#${requestId}`,
  }),
  claimsPartition: (holder: ClaimSlotHolder) => `CLAIMS#${holder.kind}#${holder.id}`,
  /** How many wishes a volunteer or unit holds claimed: the count their claim limit is checked against. */
  claimSlots: (holder: ClaimSlotHolder): ItemKey => ({
    pk: `${holder.kind === 'unit' ? 'UNIT' : 'PERSON'}#${holder.id}`,
    sk: 'CLAIMSLOTS',
  }),
  /** A work unit the center registered; listed on gsi1 by its area. */
  workUnit: (id: string): ItemKey => ({ pk: `UNIT#${id}`, sk: 'UNIT' }),
  workUnitListing: (areaId: string, id: string) => ({ gsi1pk: 'UNITS', gsi1sk: `${areaId}/${id}` }),
  workUnitPartition: 'UNITS',
  /** The wish wall of one area (every level of the wish's lineage has its entry), newest listed first. */
  wallEntry: (areaId: string, listedAt: string, requestId: string): ItemKey => ({ pk: `WALL#${areaId}`, sk: `${listedAt}#${requestId}` }),
  wallPartition: (areaId: string) => `WALL#${areaId}`,

  /**
   * gsi3: every request, for the admins' list: one partition per district and Shanghai month
   * of creation, sorted by area path then creation time, so an area's requests are a prefix.
   */
  adminListing: (areaId: string, createdAt: string, requestId: string) => ({
    gsi3pk: adminListingPartition(districtOf(areaId), orderMonth(new Date(createdAt))),
    gsi3sk: `${areaId}/${createdAt}#${requestId}`,
  }),
  /** Where gsi3 sorts a place of an area's requests: a time alone, or a request's own key (its creation and id). */
  adminListingPlace: (areaId: string, createdAt: string, requestId?: string) => `${areaId}/${createdAt}${requestId ? `#${requestId}` : ''}`,
  /** `districtId`: the city and district part of an area id; `month`: `2026-11` (Shanghai). */
  adminListingPartition: (districtId: string, month: string) => adminListingPartition(districtId, month),
  /** The month of a gsi3 (gsi4) partition of requests (`2026-11`), or undefined for another key (a community's name listing). */
  adminListingMonthOf: (gsi3pk: unknown): string | undefined =>
    typeof gsi3pk === 'string' && gsi3pk.startsWith('REQS#') ? gsi3pk.slice(gsi3pk.lastIndexOf('#') + 1) : undefined,
  /**
   * gsi4: every request, for the admins' list: gsi3's partitions (`gsi3pk`) by `createdAt`, with
   * `areaId` (INCLUDE): attributes the request's item holds anyway, none of which ever changes, so
   * the index adds no byte to the item and its entry is written once. Ties of `createdAt` in no
   * stored order: the list orders them by id. A request's place, its id from the table's key, and its area.
   */
  createdEntryOf: (item: Record<string, unknown>) => ({
    createdAt: String(item.createdAt),
    id: String(item.pk).slice('REQ#'.length),
    areaId: String(item.areaId),
  }),

  /**
   * The delivery of a notice to one target (`key`: `deliveryKey` of send-notice), forgotten by TTL
   * after a week. The format is Powertools idempotency's (`delivery#` and the base64 MD5 of the
   * key as JSON), which wrote these items before `DynamoDeliveryLog` did.
   */
  delivery: (key: string): ItemKey => ({
    pk: 'DELIVERY',
    sk: `delivery#${createHash('md5').update(JSON.stringify(key)).digest('base64')}`,
  }),
  /** A rate-limit counter: `key` is already a hash or an address, never a phone number. */
  rateWindow: (key: string, windowStartSeconds: number): ItemKey => ({
    pk: `${RATE_PARTITION_PREFIX}${key}`,
    sk: String(windowStartSeconds),
  }),

  /** Local stack only: every notice as it would have left, for the dev outbox page. */
  devOutboxEntry: (at: string, id: string): ItemKey => ({ pk: 'DEVOUTBOX', sk: `${at}#${id}` }),
  devOutboxPartition: 'DEVOUTBOX',

  /**
   * Statistics: one counter item per area node, Shanghai day and service, the days of an area
   * in one partition so a period of every service is one `BETWEEN` query (`~` sorts after any
   * service code or team id).
   */
  statsServiceDay: (areaId: string, day: string, serviceCode: string): ItemKey => ({ pk: `STATS#${areaId}`, sk: `${day}#${serviceCode}` }),
  statsServicePartition: (areaId: string) => `STATS#${areaId}`,
  /** Statistics: a team's share of an area node's work, per Shanghai day. */
  statsTeamDay: (areaId: string, day: string, teamId: string): ItemKey => ({ pk: `TEAMLOAD#${areaId}`, sk: `${day}#${teamId}` }),
  statsTeamPartition: (areaId: string) => `TEAMLOAD#${areaId}`,
  /** The sort-key range of the days `from` to `to` (both included) in either partition. */
  statsDayRange: (from: string, to: string) => ({ start: `${from}#`, end: `${to}#~` }),
  /**
   * Statistics: an area node's month of service (or team) counters rolled up into one item, the
   * months of an area in one partition; `statsRollUpProgress` says how far the roll-ups are.
   */
  statsServiceMonth: (areaId: string, month: string): ItemKey => ({ pk: `STATSM#${areaId}`, sk: month }),
  statsServiceMonthPartition: (areaId: string) => `STATSM#${areaId}`,
  statsTeamMonth: (areaId: string, month: string): ItemKey => ({ pk: `TEAMLOADM#${areaId}`, sk: month }),
  statsTeamMonthPartition: (areaId: string) => `TEAMLOADM#${areaId}`,
  /** The retention rule's progress: the oldest month of creation that may still hold a request to anonymise. */
  retentionProgress: { pk: 'RETENTION', sk: 'RETENTION' } as ItemKey,
  /** How far the days are folded into counters and the months rolled up. */
  statsRollUpProgress: { pk: 'STATSROLLUP', sk: 'STATSROLLUP' } as ItemKey,
} as const;
