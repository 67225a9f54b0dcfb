/**
 * The log field of a request's notices given up unsent: dropped by the outbox relay at their
 * give-up time, or removed by a copy that arrives after it (a dead letter redriven too late), with
 * no target sent. Counted once, by whichever removed the notice. Written on a warning with each
 * notice's request id and kind (never a phone); the stack sums it in the logs of the two functions
 * that write it (`GIVEN_UP_LOGGERS`) and alarms (`AlarmTopic.alarmOnGivenUp`): those people must
 * be told by hand (docs/operations.md).
 */
import type { RelayOutcome } from '#shared/use-cases/relay-outbox';

export const GIVEN_UP = 'givenUp' satisfies keyof RelayOutcome;

/** The functions that log `GIVEN_UP`: the notify queue's consumer and the outbox relay. */
export const GIVEN_UP_LOGGERS = ['send-notifications', 'reconcile-outbox'] as const;
