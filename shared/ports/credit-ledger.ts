import type { CreditBalance, CreditEntry, CreditRuleOverrides, CreditRules } from '#shared/domain/credit';

export interface LedgerLine {
  /** `adjust`: staff corrected a closed request's hours; its hours and points are the change (negative: taken off). */
  readonly kind: 'earn' | 'spend' | 'void' | 'adjust';
  readonly at: string;
  readonly points: number;
  readonly hours?: number;
  readonly requestId?: string;
  /** The team the hours were served for (earn, void and adjust lines). */
  readonly teamId?: string;
  readonly item?: string;
  readonly pickupCode?: string;
  readonly reason?: string;
}

export interface Redemption {
  readonly volunteerKey: string;
  readonly points: number;
  readonly item: string;
  /** Unique in the deployment: taken in the same write as the points. */
  readonly pickupCode: string;
  readonly at: string;
  /** Who handed the item out: the staff member's id and name (their sign-in email). */
  readonly by: { readonly id: string; readonly name: string };
  /** Where the volunteer's team is stationed: station staff look up only their own area's codes. */
  readonly stationAreaId: string;
  /** The caller's `Idempotency-Key`: the same key redeems once, however often it is sent. */
  readonly idempotencyKey?: string;
}

/**
 * Staff's correction of what a closed request credits one volunteer (`correct-hours.ts`): a line of
 * its own with the change, so the posting (what was uploaded and certified before) stays as it was.
 */
export interface CreditAdjustment {
  readonly volunteerKey: string;
  readonly requestId: string;
  readonly teamId?: string;
  /**
   * 1 for the first correction of this volunteer and request, then 2, 3…: each taken once, so two
   * corrections made from the same standing figures cannot both apply.
   */
  readonly seq: number;
  /** The change: minutes, hours and points added (negative: taken off). */
  readonly minutes: number;
  readonly hours: number;
  readonly points: number;
  readonly at: string;
  readonly reason: string;
  /** The staff member's id (never a name in the ledger's lines). */
  readonly by: string;
}

/** What a request credits a volunteer now: the posting with every adjustment since, and whether it was voided. */
export interface RequestCredit {
  /** The figures standing (`adjustments` says how many corrections they hold). */
  readonly entry: CreditEntry;
  readonly voided: boolean;
}

/**
 * The append-only credit ledger and each volunteer's balance. Posting is once per volunteer
 * and request. No redemption spends points a balance does not hold, whatever runs at once (a
 * merge too). A void or a correction taking back points already spent leaves a balance below
 * zero; so may a merge, which moves a guest's spent lines first: the person's balance drops by
 * them before the guest's credit follows, below zero meanwhile if it held less (and for good if
 * the merge crashes or gives up half way, until it is run again).
 */
export interface CreditLedger {
  /**
   * The rules in force now for an area: each rule from the nearest of it and its ancestors whose
   * own rules set it, else from the deployment's, else its default (`inheritCreditRules`). Throws
   * InvalidCreditRulesError when a stored item on the way does not validate.
   */
  rules(areaId?: string): Promise<CreditRules>;
  /**
   * `voided`: nothing posted, the request is marked voided or withheld (`creditsVoided`,
   * `creditsWithheld`: void-credits ran or runs), or a guest's credit merged in before this posting
   * was voided here (voided whole). A line a merge wrote before this posting takes it once: the
   * two add up.
   */
  post(entry: CreditEntry): Promise<'posted' | 'already-posted' | 'voided'>;
  /** A request's postings, one per volunteer: each answers as `post` would, in as few writes as the store can. */
  postAll(entries: readonly CreditEntry[]): Promise<Array<'posted' | 'already-posted' | 'voided'>>;
  balance(volunteerKey: string): Promise<CreditBalance>;
  history(volunteerKey: string): Promise<LedgerLine[]>;
  /**
   * Spends the points and takes the pickup code, together or not at all: `insufficient` when the
   * balance is below the points, `code-taken` when another redemption holds the code (draw again),
   * `key-used` when a redemption was made under its idempotency key already (nothing spent now;
   * answered before the others), `merged` when the ledger is a guest's that a merge has begun to
   * move into a person's (nothing spent: its points are the person's, redeemed there).
   */
  redeem(redemption: Redemption): Promise<'redeemed' | 'insufficient' | 'code-taken' | 'key-used' | 'merged'>;
  /**
   * The redemption made under an idempotency key (`key-used`), if any, as it was made: its
   * `volunteerKey` is the one sent then, though a merge gave the pickup code to a person since.
   */
  findRedemptionByKey(idempotencyKey: string): Promise<Redemption | undefined>;
  /**
   * What a request earned a volunteer, if it was posted, with every adjustment since (its
   * `adjustments` counts them). A line since merged into a person's ledger (`merge`) is answered
   * from there, with that ledger's key.
   */
  earnedFor(volunteerKey: string, requestId: string): Promise<CreditEntry | undefined>;
  /** As `earnedFor`, and whether the request's credit was voided for the volunteer. */
  creditFor(volunteerKey: string, requestId: string): Promise<RequestCredit | undefined>;
  /**
   * Voids what a request earned a volunteer (a complaint was upheld): a VOID line and the balance
   * lowered by the same hours and points, once. Points already spent are not taken back, so the
   * balance may go below zero; nothing can be redeemed until it is positive again. `entry` is
   * what `earnedFor` answered: `changed` when a correction was adjusted in since, or the line was
   * merged into a person's ledger since (read it again: `earnedFor` follows it there).
   */
  void(entry: CreditEntry, reason: string, at: string): Promise<'voided' | 'already-voided' | 'nothing-earned' | 'changed'>;
  /**
   * Adds a correction's line (`CreditAdjustment`) and changes the balance by its hours and points,
   * together or not at all: `changed` when the line of that `seq` exists already (another
   * correction came first: read again), `voided` when the credit (or the request) was voided, `nothing-earned` when
   * nothing was posted (or the line moved to a person's ledger). As with a void, spent points are
   * not taken back: the balance may go below zero.
   */
  adjust(adjustment: CreditAdjustment): Promise<'adjusted' | 'changed' | 'voided' | 'nothing-earned'>;
  /**
   * Moves every line of `fromKey`'s ledger (a guest's, `<team>:<name>`) to `toKey`'s (a person's),
   * each line exactly once however often or concurrently it runs, with both balances changed by
   * the same amounts in the same write: hours, points earned, spent and the balance are kept,
   * never counted twice. From its first move on, `fromKey` redeems nothing more (`redeem`
   * answers `merged`) and moves into `toKey` alone: a merge of it into another person, at once or
   * later, throws MergedElsewhereError (409) and moves nothing. The spent lines move before the
   * others: neither balance ever shows points already spent, so nothing is spent twice while it
   * runs, but `toKey`'s may be below zero until the rest follows (see above). A line written to
   * `fromKey` meanwhile (a posting) moves too: it returns when a read finds nothing left. Two
   * lines for the same request become one with their sum. A request
   * voided on either ledger, or marked voided or withheld, is voided whole on `toKey`'s: what
   * moves in stands at nothing, and the person's own credit of it is voided too if it was not.
   * Returns the lines this call moved.
   */
  merge(fromKey: string, toKey: string, at: string): Promise<{ moved: number }>;
}

/** The redemptions by pickup code, for the supermarket's counter at pickup. */
export interface PickupCodes {
  /** The redemption the code was given for; undefined for a code never given. */
  findRedemption(pickupCode: string): Promise<Redemption | undefined>;
}

/** Stored credit rules (the deployment's, or one area's): overrides of the defaults, as found. */
export interface StoredCreditRules {
  /** The stored rule values, unchecked (an item written by hand may hold anything); `{}` when none. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Counts the changes; 0 while nothing was saved through `saveRules`. */
  readonly version: number;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** Stored credit rules of one level: an area's own (`areaId`), or without one the deployment's. */
export interface StoredCreditRulesLayer extends StoredCreditRules {
  readonly areaId?: string;
}

export interface CreditRuleStore {
  /** The rules stored for `areaId` itself (no inheritance), or the deployment's when absent. */
  storedRules(areaId?: string): Promise<StoredCreditRules>;
  /**
   * The stored rules that bear on `areaId`: its own, each ancestor's and the deployment's, nearest
   * first, only those stored, read together; the deployment's alone when `areaId` is absent.
   */
  storedRulesInLineage(areaId?: string): Promise<StoredCreditRulesLayer[]>;
  /**
   * Replaces the stored overrides with `overrides` (checked again here: invalid values are never
   * stored) if the version is still `expectedVersion`; false when another change came first.
   * Saving `{}` keeps the item and its version: it sets no rule, so it hides none of the ones above.
   */
  saveRules(
    overrides: CreditRuleOverrides,
    change: { readonly expectedVersion: number; readonly at: string; readonly by: string },
    areaId?: string,
  ): Promise<boolean>;
}
