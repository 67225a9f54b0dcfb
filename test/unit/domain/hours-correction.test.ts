import { describe, expect, it } from 'vitest';
import { MAX_VISIT_VOLUNTEERS } from '#shared/domain/completion';
import { ValidationError } from '#shared/domain/errors';
import { correctedHours } from '#shared/domain/hours-correction';

const guests = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ volunteer: `志愿者${from + i}`, minutes: 60 }));

describe('correctedHours', () => {
  it('refuses a correction that would list more volunteers than a visit may, naming hours', () => {
    const recorded = guests(MAX_VISIT_VOLUNTEERS);
    // A row for someone the record left out is added at the end: one more than a completion may list.
    const refused = (() => {
      try {
        correctedHours('team-1', recorded, [{ volunteer: '新来的', minutes: 30 }]);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([
      { field: 'hours', message: `A visit lists at most ${MAX_VISIT_VOLUNTEERS} volunteers` },
    ]);
  });

  it('lets a full visit be corrected in place', () => {
    const recorded = guests(MAX_VISIT_VOLUNTEERS);
    const hours = correctedHours('team-1', recorded, [{ volunteer: '志愿者0', minutes: 30 }]);
    expect(hours).toHaveLength(MAX_VISIT_VOLUNTEERS);
    expect(hours[0]).toMatchObject({ volunteer: '志愿者0', minutes: 30 });
  });
});
