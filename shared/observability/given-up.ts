/**
 * The log field of a request's notices given up unsent: dropped by the outbox relay at their
 * give-up time, or a copy that arrives after it (a dead letter redriven too late). Written on a
 * warning with each notice's request id and kind (never a phone); the stack sums it in the logs of
 * every function that handles notices and alarms (`AlarmTopic.alarmOnGivenUp`): those people must
 * be told by hand (docs/operations.md).
 */
export const GIVEN_UP = 'givenUp';
