/**
 * Quiet hours: no notice goes to a resident or to a wish's claimer from 21:00 to 07:00 Beijing
 * time. One due then (a team accepted at 22:00; an outage's retries reach the night; the sweep
 * escalates late) is held until 07:00, its give-up time moved on by as long, so it stays worth
 * sending as long as it would have. Not held: a resident's `received` (the tracking code, sent as
 * they submit, while they wait for it) and every team notice (an offer has a deadline, and so
 * does a completion reminder), a team's claim reminder too (a notice that names a team). Decided where a notice would go, with the caller's clock: by the
 * relay before it sends a copy and by the consumer before it delivers one.
 */
import { audienceOf, type NoticeMessage } from './notices';
import { REQUEST_NOTICE_KINDS, type RequestNoticeKind } from './rendered-notice';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;
/** Beijing hours: quiet from the first, until the second. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 7;

/** A notice held for the quiet hours: due again at `until`, given up at `giveUpAt`. */
export interface QuietHold {
  readonly until: string;
  readonly giveUpAt: string;
}

/** The 07:00 Beijing that ends the quiet hours `at` is in; undefined outside them. */
export function quietUntil(at: Date): Date | undefined {
  const ms = at.getTime();
  const hour = Math.floor(((ms + BEIJING) % DAY) / HOUR);
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return undefined;
  // Midnight Beijing of the day that holds `at`, as an instant; after 21:00 the morning is the next day's.
  const midnight = Math.floor((ms + BEIJING) / DAY) * DAY - BEIJING;
  return new Date(midnight + QUIET_UNTIL_HOUR * HOUR + (hour >= QUIET_FROM_HOUR ? DAY : 0));
}

/** Whether a message of this kind waits out the quiet hours (`kind` as a message body holds it: anything). */
export function heldAtNight(kind: unknown): kind is RequestNoticeKind {
  if (!REQUEST_NOTICE_KINDS.includes(kind as RequestNoticeKind) || kind === 'received') return false;
  return audienceOf(kind as RequestNoticeKind) !== 'team';
}

/**
 * The hold of a notice due at `now`, or undefined when it may go now: never one to a team (it
 * names the team: a team's claim reminder). A claim's reminder keeps its give-up time, the claim's
 * deadline: after it, the reminder would remind of nothing.
 */
export function quietHold(notice: Pick<NoticeMessage, 'kind' | 'giveUpAt' | 'teamId'>, now: Date): QuietHold | undefined {
  if (!heldAtNight(notice.kind) || notice.teamId !== undefined) return undefined;
  const until = quietUntil(now);
  if (!until) return undefined;
  const giveUpAt =
    notice.kind === 'claim-reminder'
      ? notice.giveUpAt
      : new Date(Date.parse(notice.giveUpAt) + until.getTime() - now.getTime()).toISOString();
  return { until: until.toISOString(), giveUpAt };
}
