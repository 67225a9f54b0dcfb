import type { LedgerLine } from '#shared/ports/credit-ledger';

export interface ServedHours {
  hours: number;
  /** When the hours were first credited. */
  readonly at: string;
  readonly teamId?: string;
}

/**
 * What a ledger says a person served, per request: the hours earned, with staff corrections
 * (adjust lines carry the change, signed), less any voided, and only requests with hours left
 * (a complaint upheld in full, or a correction to nothing, leaves none).
 */
export function servedHours(history: readonly LedgerLine[]): Map<string, ServedHours> {
  const byRequest = new Map<string, ServedHours>();
  for (const line of history) {
    if (!line.requestId || line.hours === undefined || line.kind === 'spend') continue;
    const entry = byRequest.get(line.requestId) ?? { hours: 0, at: line.at, ...(line.teamId ? { teamId: line.teamId } : {}) };
    entry.hours += line.kind === 'void' ? -line.hours : line.hours;
    byRequest.set(line.requestId, entry);
  }
  for (const [id, entry] of byRequest)
    if (entry.hours <= 1e-9) byRequest.delete(id);
    else entry.hours = Math.round(entry.hours * 100) / 100;
  return byRequest;
}
