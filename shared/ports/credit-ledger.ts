import type { CreditBalance, CreditEntry, CreditRules } from '#shared/domain/credit';

export interface LedgerLine {
  readonly kind: 'earn' | 'spend' | 'void';
  readonly at: string;
  readonly points: number;
  readonly hours?: number;
  readonly requestId?: string;
  readonly item?: string;
  readonly pickupCode?: string;
  readonly reason?: string;
}

export interface Redemption {
  readonly volunteerKey: string;
  readonly points: number;
  readonly item: string;
  readonly pickupCode: string;
  readonly at: string;
}

/**
 * The append-only credit ledger and each volunteer's balance. Posting is once per volunteer
 * and request; the balance never goes negative, whatever runs at once.
 */
export interface CreditLedger {
  rules(): Promise<CreditRules>;
  post(entry: CreditEntry): Promise<'posted' | 'already-posted'>;
  balance(volunteerKey: string): Promise<CreditBalance>;
  history(volunteerKey: string): Promise<LedgerLine[]>;
  redeem(redemption: Redemption): Promise<'redeemed' | 'insufficient'>;
  /** What a request earned a volunteer, if it was posted. */
  earnedFor(volunteerKey: string, requestId: string): Promise<CreditEntry | undefined>;
  /**
   * Voids what a request earned a volunteer (a complaint was upheld): a VOID line and the balance
   * lowered by the same hours and points, once. Points already spent are not taken back, so the
   * balance may go below zero; nothing can be redeemed until it is positive again.
   */
  void(entry: CreditEntry, reason: string, at: string): Promise<'voided' | 'already-voided' | 'nothing-earned'>;
}
