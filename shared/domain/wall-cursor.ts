/**
 * The wall's page cursor (`?after=`, a page's `next`): where the page before ended, the last
 * entry's listing time and request id, base64url and opaque to the reader. Both adapters write and
 * read it; the wall's view checks it first, so a tampered one is a 400 naming `after`, never a
 * false empty wall.
 */
export interface WallPlace {
  readonly listedAt: string;
  readonly requestId: string;
}

const PLACE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#([0-9A-Za-z]{1,64})$/;

export const wallCursor = (place: WallPlace): string => Buffer.from(`${place.listedAt}#${place.requestId}`, 'utf8').toString('base64url');

/** The place a cursor stands for; undefined for anything not written by `wallCursor`. */
export function wallPlace(cursor: string): WallPlace | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const [, listedAt, requestId] = Buffer.from(cursor, 'base64url').toString('utf8').match(PLACE) ?? [];
  if (!listedAt || !requestId || Number.isNaN(Date.parse(listedAt)) || new Date(listedAt).toISOString() !== listedAt) return undefined;
  return { listedAt, requestId };
}
