/**
 * Points as the ledger keeps them (`pointsFor`: 4 decimals), the one way every page shows a figure:
 * the volunteer's /me and the staff console say the same number, so a volunteer reading theirs out
 * on the phone is heard the same at the station. Rounding to the ledger's 4 decimals keeps a sum's
 * float error (0.1 + 0.2) off the screen; nothing is rounded up to a point that cannot be spent
 * (three 1-hour services at 3 hours a point are 0.9999, not 1, which a redemption of 1 refuses).
 * No imports: the consoles' browser scripts use it too.
 */
export function ledgerPoints(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
