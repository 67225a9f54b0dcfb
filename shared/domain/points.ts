/**
 * A points balance as the consoles show it: cut, not rounded, to 2 decimals, so none shows a
 * point the volunteer cannot spend (three 1-hour services at 3 hours a point are 0.9999, shown
 * 0.99, not 1, which a redemption of 1 would refuse). The ledger keeps 4 decimals (`pointsFor`):
 * rounding to them first keeps a sum's float error (0.1 + 0.2) from cutting off a cent. No
 * imports: the consoles' browser scripts use it too. Totals earned may be rounded; a balance is
 * what can be spent. The volunteer's page shows the ledger's 4 decimals instead (its figures add up).
 */
export function spendablePoints(balance: number): number {
  return Math.floor(Math.round(balance * 10_000) / 100) / 100;
}
