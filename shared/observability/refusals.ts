/**
 * The log field that counts sends refused for good (a notice's targets, a sign-in code, a team's
 * invitation SMS): the notify consumer writes it on its warning, the stack's metric filter sums
 * it and alarms (`AlarmTopic.alarmOnRefusals`; what to do: docs/operations.md).
 */
export const REFUSED_FOR_GOOD = 'refusedForGood';
