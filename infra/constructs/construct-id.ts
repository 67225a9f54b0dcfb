/**
 * `dispatch-request` → `DispatchRequest`. Construct IDs derived from topology names, so
 * logical IDs read like the topology and stay stable while the topology names do.
 */
export function constructId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
