/**
 * A volunteer team (志愿服务队) that takes orders. Dispatch (the next issue) matches requests
 * to teams by service, area and free capacity.
 */
import * as z from './zod';
import { areaId } from './area';
import { localizedText } from './catalog';
import { plainText } from './validation';

/**
 * Where a team hears of offers. A `json` webhook is signed with its `secret` (HMAC-SHA256 over
 * timestamp and body); a DingTalk robot's optional `secret` is its 加签 key; WeCom robots are
 * not signed (the key is in their URL).
 */
export const webhookChannel = z
  .strictObject({
    kind: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    format: z.enum(['json', 'wecom', 'dingtalk']),
    secret: z.optional(z.string().check(z.minLength(16), z.maxLength(128))),
  })
  .check(
    z.refine((c) => c.format !== 'json' || c.secret !== undefined, {
      message: 'A json webhook needs a secret to sign with',
      path: ['secret'],
    }),
  );

export const channel = z.discriminatedUnion('kind', [
  webhookChannel,
  z.strictObject({ kind: z.literal('sms'), phone: z.string().check(z.regex(/^\+[1-9]\d{7,14}$/)) }),
  z.strictObject({ kind: z.literal('email'), address: z.email() }),
]);

export type ChannelTarget = z.infer<typeof channel>;

/** The most open orders a team may take at once: also the longest list of its open work. */
export const MAX_TEAM_CAPACITY = 1000;

export const team = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]{2,40}$/)),
  name: localizedText,
  /** The station (a community) the team belongs to. */
  stationAreaId: areaId,
  /** The area it serves: its own community, a street, a district or the whole city. */
  servesAreaId: areaId,
  /** Service codes it handles; `categories` adds every service of those categories. */
  services: z.array(z.string()).check(z.maxLength(100)),
  categories: z.array(z.string()).check(z.maxLength(20)),
  /** Active orders (offered or accepted) it takes at once. */
  capacity: z.int().check(z.gte(1), z.lte(MAX_TEAM_CAPACITY)),
  paused: z.boolean(),
  /** ISO dates (YYYY-MM-DD) on which it takes no new orders. */
  blackoutDates: z.array(z.iso.date()).check(z.maxLength(366)),
  channels: z.array(channel).check(z.maxLength(10)),
  /** Mean resident rating, 1 to 5; new teams start at 5. */
  rating: z.number().check(z.gte(1), z.lte(5)),
  /** Free text shown to admins: founding, members, what it is known for. */
  about: z.optional(plainText({ multiline: true }).check(z.maxLength(500))),
});
export type Team = z.infer<typeof team>;

/** The service codes a team handles: its own list plus every service of its categories. */
export function servicesHandledBy(team: Team, services: ReadonlyArray<{ code: string; category: string }>): string[] {
  const codes = new Set(team.services);
  for (const s of services) if (team.categories.includes(s.category)) codes.add(s.code);
  return [...codes].sort();
}

/** A team as dispatch sees it: with the number of orders it holds right now. */
export interface TeamLoad extends Team {
  /** Active orders (OFFERED or ACCEPTED); storage keeps it at or below `capacity`. */
  readonly active: number;
  /** Offers made to the team per Shanghai calendar month (`2026-11`), for fairness. */
  readonly recentOrders?: Readonly<Record<string, number>>;
  /** Raised by every change of the team's own fields (not by its load or pause). */
  readonly version?: number;
}

/**
 * What staff may change on a team: never its id, rating, pause (its own endpoints) or its live
 * load (`active`, `recentOrders`).
 */
export type TeamChanges = Partial<Omit<Team, 'id' | 'rating' | 'paused'>>;

/**
 * The given fields whose value differs from the team's: what a change really writes. A form
 * that sends every field back unchanged then writes only what was edited, and never undoes
 * someone else's change of another field made meanwhile.
 */
export function changedFields(team: Team, given: TeamChanges): TeamChanges {
  const current = team as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(given).filter(([field, value]) => value !== undefined && canonical(value) !== canonical(current[field])),
  ) as TeamChanges;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The Shanghai calendar month of an instant, e.g. `2026-11`: the window of "recent" orders. */
export function orderMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}
