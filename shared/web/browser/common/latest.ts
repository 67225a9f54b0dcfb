/**
 * For a view that reads its list again (a filter, a refresh after an action): each read takes a
 * ticket, and only the newest ticket is still wanted. An answer to an older read that arrives late
 * (the first list still on its way when staff filter) is dropped instead of replacing the newer one.
 */
export function latestRead(): () => () => boolean {
  let reads = 0;
  return () => {
    const mine = ++reads;
    return () => mine === reads;
  };
}
