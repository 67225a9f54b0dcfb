import type { CreditBalance, CreditEntry, CreditRules } from '#shared/domain/credit';

export interface LedgerLine {
  readonly kind: 'earn' | 'spend';
  readonly at: string;
  readonly points: number;
  readonly hours?: number;
  readonly requestId?: string;
  readonly item?: string;
  readonly pickupCode?: string;
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
}
