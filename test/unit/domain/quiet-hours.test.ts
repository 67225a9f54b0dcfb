import { describe, expect, it } from 'vitest';
import { heldAtNight, quietHold, quietUntil } from '#shared/domain/quiet-hours';

/** The instant of a Beijing wall time (`2026-12-09T21:00`). */
const beijing = (wall: string) => new Date(Date.parse(`${wall}:00.000+08:00`));

describe('quiet hours', () => {
  it('run from 21:00 to 07:00 Beijing, ending at the next morning’s 07:00', () => {
    expect(quietUntil(beijing('2026-12-09T20:59'))).toBeUndefined();
    expect(quietUntil(beijing('2026-12-09T21:00'))).toEqual(beijing('2026-12-10T07:00'));
    expect(quietUntil(beijing('2026-12-09T23:59'))).toEqual(beijing('2026-12-10T07:00'));
    expect(quietUntil(beijing('2026-12-10T00:00'))).toEqual(beijing('2026-12-10T07:00'));
    expect(quietUntil(beijing('2026-12-10T06:59'))).toEqual(beijing('2026-12-10T07:00'));
    expect(quietUntil(beijing('2026-12-10T07:00'))).toBeUndefined();
  });

  it('hold the notices of residents and claimers, not a resident’s tracking code, a team’s notice or any other message', () => {
    const held = ['accepted', 'completed', 'escalated', 'expired', 'rejected', 'cancelled', 'claim-reminder', 'claim-cancelled'];
    const sent = [
      'received',
      'offer',
      'offer-cancelled',
      'completion-reminder',
      'completion-overdue',
      'sign-in-code',
      'team-invitation',
      undefined,
    ];
    expect(held.filter(heldAtNight)).toEqual(held);
    expect(sent.filter(heldAtNight)).toEqual([]);
  });

  it('move a held notice’s give-up time on by as long as it is held, but not a claim reminder’s past its deadline', () => {
    const giveUpAt = beijing('2026-12-10T22:30').toISOString();
    expect(quietHold({ kind: 'escalated', giveUpAt }, beijing('2026-12-09T22:30'))).toEqual({
      until: beijing('2026-12-10T07:00').toISOString(),
      giveUpAt: beijing('2026-12-11T07:00').toISOString(),
    });
    expect(quietHold({ kind: 'claim-reminder', giveUpAt }, beijing('2026-12-10T03:00'))).toEqual({
      until: beijing('2026-12-10T07:00').toISOString(),
      giveUpAt,
    });
    expect(quietHold({ kind: 'offer', giveUpAt }, beijing('2026-12-09T22:30'))).toBeUndefined();
    // A team's claim reminder (it names the team) goes at any hour, as every team notice does (review 79, finding 5).
    expect(quietHold({ kind: 'claim-reminder', teamId: 't', giveUpAt }, beijing('2026-12-10T03:00'))).toBeUndefined();
    expect(quietHold({ kind: 'escalated', giveUpAt }, beijing('2026-12-09T12:00'))).toBeUndefined();
  });
});
