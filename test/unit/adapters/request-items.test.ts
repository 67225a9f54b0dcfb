/**
 * The rules a request keeps, as its item stores them (`4/8`, shared/adapters/dynamo/request-items.ts):
 * read back only when they are rules a deployment may hold; garbled text (a hand edit) reads as
 * none kept, so the posting prices by the rules in force instead of throwing on every sweep
 * (rev61 finding 4).
 */
import { describe, expect, it } from 'vitest';
import { requestItem, requestOfItem } from '#shared/adapters/dynamo/request-items';
import { requestFixture } from '../../support/fixtures';

describe('the kept credit rules of a request item', () => {
  it('are written as text and read back as they were, a stored 3 h a point too', () => {
    for (const creditRules of [
      { hoursPerPoint: 4, maxHoursPerActivity: 8 },
      { hoursPerPoint: 3, maxHoursPerActivity: 24 },
      { hoursPerPoint: 0.25, maxHoursPerActivity: 0.5 },
      { hoursPerPoint: 62.5, maxHoursPerActivity: 7.5 },
    ]) {
      const item = requestItem({ ...requestFixture(), creditRules });
      expect(requestOfItem(item).creditRules).toEqual(creditRules);
    }
  });

  it('read as none when garbled: not two numbers, or rules no deployment may hold', () => {
    for (const text of ['0/8', '4/', '/8', '-4/8', '0x10/8', '4/8/99', '1e1/8', ' 4 / 8 ', '4/25', '4/8.25', '0.3/8', '', 48]) {
      const read = requestOfItem({ ...requestItem(requestFixture()), creditRules: text });
      expect(read, JSON.stringify(text)).not.toHaveProperty('creditRules');
    }
  });
});
