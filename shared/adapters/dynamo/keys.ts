/**
 * Every key format of the single table, one function per access pattern. Nothing else in the
 * code base builds a key string. The access patterns are listed in docs/ARCHITECTURE.md.
 */

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const keys = {
  /** A request's own item; its timeline and outbox items share the partition. */
  request: (id: string): ItemKey => ({ pk: `REQ#${id}`, sk: 'REQ' }),
  requestPartition: (id: string) => `REQ#${id}`,
  timelineEvent: (requestId: string, at: string, seq: number): ItemKey => ({
    pk: `REQ#${requestId}`,
    sk: `EVT#${at}#${pad(seq, 4)}`,
  }),
  timelinePrefix: 'EVT#',

  /** Tracking code → request; its conditional put makes codes unique. */
  trackingCode: (code: string): ItemKey => ({ pk: `TRACK#${code}`, sk: 'TRACK' }),

  /** Idempotency-Key → the first response; keyed by the key's hash, not the raw header. */
  idempotency: (keyHash: string): ItemKey => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' }),

  /** A message committed with a state change, kept until its consumer has acted on it. */
  outbox: (requestId: string, messageId: string): ItemKey => ({ pk: `REQ#${requestId}`, sk: `OUTBOX#${messageId}` }),
  /** gsi2: outbox messages by the time the relay should pick them up. */
  outboxDue: (dueAt: string, messageId: string) => ({ gsi2pk: 'OUTBOX', gsi2sk: `${dueAt}#${messageId}` }),
  outboxDuePartition: 'OUTBOX',

  service: (code: string): ItemKey => ({ pk: `SERVICE#${code}`, sk: 'SERVICE' }),
  category: (code: string): ItemKey => ({ pk: `CATEGORY#${code}`, sk: 'CATEGORY' }),
  /** gsi1: the whole menu in one query, categories by order, services by category. */
  menuEntryOfCategory: (order: number, code: string) => ({ gsi1pk: 'MENU', gsi1sk: `CATEGORY#${pad(order, 4)}#${code}` }),
  menuEntryOfService: (category: string, code: string) => ({ gsi1pk: 'MENU', gsi1sk: `SERVICE#${category}#${code}` }),
  menuPartition: 'MENU',

  area: (id: string): ItemKey => ({ pk: `AREA#${id}`, sk: 'AREA' }),
  /** gsi1: areas sorted by id path, so a subtree is a `begins_with` range. */
  areaListing: (id: string) => ({ gsi1pk: 'AREAS', gsi1sk: id }),
  areasPartition: 'AREAS',

  team: (id: string): ItemKey => ({ pk: `TEAM#${id}`, sk: 'TEAM' }),
  /** A volunteer's balance, and beside it the ledger: one EARN line per request, SPEND lines. */
  volunteerBalance: (volunteerKey: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: 'BALANCE' }),
  volunteerEarning: (volunteerKey: string, requestId: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: `EARN#${requestId}` }),
  volunteerSpending: (volunteerKey: string, at: string, pickupCode: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: `SPEND#${at}#${pickupCode}` }),
  volunteerVoiding: (volunteerKey: string, requestId: string): ItemKey => ({ pk: `VOL#${volunteerKey}`, sk: `VOID#${requestId}` }),
  volunteerPartition: (volunteerKey: string) => `VOL#${volunteerKey}`,
  /** Points rules of this deployment; defaults apply while absent. */
  creditRules: { pk: 'CONFIG#credit-rules', sk: 'CURRENT' } as ItemKey,
  /** The key that signs teams' one-tap links. */
  linkSigningKey: { pk: 'CONFIG#link-signing-key', sk: 'CURRENT' } as ItemKey,
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
  /** gsi1: the center's queue of escalated requests, oldest first (sparse: only ESCALATED). */
  escalatedListing: (escalatedAt: string, requestId: string) => ({ gsi1pk: 'ESCALATED', gsi1sk: `${escalatedAt}#${requestId}` }),
  escalatedPartition: 'ESCALATED',
  /** gsi2: requests the sweeper must look at, by time (sparse: only those with a `dueAt`). */
  sweepDue: (dueAt: string, requestId: string) => ({ gsi2pk: 'DUE', gsi2sk: `${dueAt}#${requestId}` }),
  sweepDuePartition: 'DUE',
  /** gsi1: waiting requests of a service, urgent first, then oldest (sparse: only WAITING). */
  waitingListing: (serviceCode: string, urgent: boolean, createdAt: string, requestId: string) => ({
    gsi1pk: `WAITING#${serviceCode}`,
    gsi1sk: `${urgent ? 0 : 1}#${createdAt}#${requestId}`,
  }),
  waitingPartition: (serviceCode: string) => `WAITING#${serviceCode}`,
  /** gsi1: a team's open work, offers then accepted orders, newest change last (sparse). */
  teamOpenListing: (teamId: string, status: 'OFFERED' | 'ACCEPTED', updatedAt: string, requestId: string) => ({
    gsi1pk: `TEAMOPEN#${teamId}`,
    gsi1sk: `${status}#${updatedAt}#${requestId}`,
  }),
  teamOpenPartition: (teamId: string) => `TEAMOPEN#${teamId}`,

  /**
   * Deliveries of notices, one item per notice and target (sort key: Powertools idempotency's
   * `delivery#<md5 of the delivery key>`), forgotten by TTL after a week.
   */
  deliveryPartition: 'DELIVERY',
  /** Local stack only: every notice as it would have left, for the dev outbox page. */
  devOutboxEntry: (at: string, id: string): ItemKey => ({ pk: 'DEVOUTBOX', sk: `${at}#${id}` }),
  devOutboxPartition: 'DEVOUTBOX',
} as const;
