import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';

/** A request as the retention rule first sees it, in a district month's list: enough to decide, nothing personal. */
export interface RetentionEntry extends Pick<ServiceRequest, 'id' | 'status' | 'updatedAt' | 'anonymisedAt'> {}

/** A page of a district month's requests and where the next begins (none: the last). */
export interface RetentionPage {
  readonly entries: readonly RetentionEntry[];
  readonly cursor?: string;
}

/**
 * Storage of the retention rule and of erasure (`retention.ts`): lists the requests created in a
 * district month, and writes a request's anonymised copy over the stored one.
 */
export interface RequestRetention {
  /** One page of the requests created in a district (`370902`) and Shanghai month (`2026-05`). */
  createdIn(districtId: string, month: string, cursor?: string): Promise<RetentionPage>;
  /**
   * Writes `after` (the anonymised request) and the events that held free text, without it, only
   * if the request is still at `before`'s version: in one transaction, so nothing is half-written.
   * Throws a ConflictError when it changed meanwhile.
   */
  replace(before: ServiceRequest, after: ServiceRequest, events: readonly TimelineEvent[]): Promise<void>;
  /** How far the rule has come (nothing before its first run). */
  progress(): Promise<RetentionProgress>;
  setProgress(progress: RetentionProgress): Promise<void>;
  /**
   * One page of the months of creation of every request (from the creation index: keys only, the
   * whole table's requests a page at a time): the oldest month in it, and where the next page begins (none: the last).
   */
  oldestCreated(cursor?: string): Promise<{ readonly oldest?: string; readonly cursor?: string }>;
}

/** The retention rule's progress, kept between runs. */
export interface RetentionProgress {
  /** The oldest month of creation that may still hold a request to anonymise. */
  readonly month?: string;
  /** The month of the table's oldest request, once found: `month` was walked to from it. */
  readonly firstMonth?: string;
  /** The search for `firstMonth` under way: where it goes on, and the oldest month found so far. */
  readonly search?: { readonly cursor: string; readonly oldest?: string };
}
