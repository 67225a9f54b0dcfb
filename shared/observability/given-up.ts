/**
 * The log field of a request's notices given up unsent: dropped by the outbox relay at their
 * give-up time, or removed by a copy that arrives after it (a dead letter redriven too late), with
 * no target sent. Counted once, by whichever removed the notice. Written on a warning with each
 * notice's request id and kind (never a phone); the stack sums it in the logs of the two functions
 * that write it (`GIVEN_UP_LOGGERS`) and alarms (`AlarmTopic.alarmOnGivenUp`): those people must
 * be told by hand (docs/operations.md).
 */
export const GIVEN_UP = 'givenUp';

/** The functions that log `GIVEN_UP`: the notify queue's consumer and the outbox relay. */
export const GIVEN_UP_LOGGERS = ['send-notifications', 'reconcile-outbox'] as const;

/** Whether a notice of this kind given up unsent is for someone to tell by hand: not an offer, which lapses and moves on by itself. */
export function toTellByHand(kind: string): boolean {
  return kind !== 'offer';
}
