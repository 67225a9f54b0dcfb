import { beforeEach, describe, expect, it } from 'vitest';
import { checkStoredCreditRules, InvalidCreditRulesError, type CreditRuleOverrides } from '#shared/domain/credit';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { MemoryCreditLedger } from '#shared/adapters/memory/credit-ledger';
import { changeCreditRules, creditRules } from '#shared/use-cases/admin-credit-rules';
import { refusal } from '../../support/rejection';

/** The ledger's rules item, counting saves; `racing` changes it behind our back between read and write. */
class RuleStore extends MemoryCreditLedger {
  saves = 0;
  /** Changes someone else makes between our read and our write. */
  racing = 0;
  override async saveRules(overrides: CreditRuleOverrides, change: { expectedVersion: number; at: string; by: string }, areaId?: string) {
    this.saves++;
    if ('issues' in checkStoredCreditRules(overrides)) throw new Error('stored an invalid value');
    if (this.racing > 0) {
      this.racing--;
      this.stored = { ...this.stored, version: this.stored.version + 1 };
    }
    return super.saveRules(overrides, change, areaId);
  }
}

const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
const station: Staff = { id: 's1', name: 'keda-station@paidan.local', role: 'station', areaId: '370902003009' };
const clock = { now: () => new Date('2026-11-29T08:00:00.000Z') };
let store: RuleStore;
const deps = () => ({ credits: store, clock });

beforeEach(() => {
  store = new RuleStore();
});

describe('the credit rules for center admins', () => {
  it('show the defaults while nothing is stored', async () => {
    expect(await creditRules(deps(), center)).toEqual({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 8 },
      from: { hoursPerPoint: 'default', maxHoursPerActivity: 'default' },
      overrides: {},
      defaults: { hoursPerPoint: 4, maxHoursPerActivity: 8 },
    });
  });

  it('do not exist for station staff (404), to read or to change', async () => {
    await expect(creditRules(deps(), station)).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeCreditRules(deps(), station, { hoursPerPoint: 1 })).rejects.toBeInstanceOf(NotFoundError);
    expect(store.saves).toBe(0);
  });

  it("set an area's own rules for its center admins; the deployment's stay its own admin's", async () => {
    const taian: Staff = { id: 'c2', name: 'taian-center', role: 'center', areaId: '3709' };
    // 堰北社区 credits a point per 4 hours while the city credits one per hour, at most 2 an activity.
    await changeCreditRules(deps(), taian, { hoursPerPoint: 1, maxHoursPerActivity: 2 }, { area: '3709' });
    const yanbei = await changeCreditRules(deps(), taian, { hoursPerPoint: 4, maxHoursPerActivity: 8 }, { area: '370911001005' });
    expect(yanbei).toMatchObject({
      area: '370911001005',
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 8 },
      from: { hoursPerPoint: '370911001005', maxHoursPerActivity: '370911001005' },
      overrides: { hoursPerPoint: 4, maxHoursPerActivity: 8 },
    });
    expect(await creditRules(deps(), taian, { area: '370902003009' })).toMatchObject({
      area: '370902003009',
      overrides: {},
      rules: { hoursPerPoint: 1, maxHoursPerActivity: 2 },
      from: { hoursPerPoint: '3709', maxHoursPerActivity: '3709' },
    });
    // The padded 12-digit form names the same area.
    expect((await creditRules(deps(), taian, { area: '370900000000' })).area).toBe('3709');
    await expect(creditRules(deps(), taian)).rejects.toBeInstanceOf(NotFoundError);
    await expect(creditRules(deps(), taian, { area: '3701' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(creditRules(deps(), station, { area: '370902003009' })).rejects.toBeInstanceOf(NotFoundError);
    const bad = await refusal(creditRules(deps(), center, { area: 'taian' }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues.map((i) => i.field)).toEqual(['area']);
    expect(await creditRules(deps(), center)).toMatchObject({ overrides: {} });
  });

  it("take each rule an area leaves out from the nearest area above that sets it, else the deployment's", async () => {
    // The deployment credits a point an hour, at most 2 hours; 堰北社区 sets only its 4 hours a point.
    await changeCreditRules(deps(), center, { hoursPerPoint: 1, maxHoursPerActivity: 2 });
    const yanbei = await changeCreditRules(deps(), center, { hoursPerPoint: 4 }, { area: '370911001005' });
    expect(yanbei).toMatchObject({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 2 },
      from: { hoursPerPoint: '370911001005', maxHoursPerActivity: 'deployment' },
      overrides: { hoursPerPoint: 4 },
    });
    expect(await store.rules('370911001005')).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 2 });
    // A city between them sets the cap: the community keeps its own hours a point.
    await changeCreditRules(deps(), center, { maxHoursPerActivity: 3 }, { area: '3709' });
    expect(await creditRules(deps(), center, { area: '370911001005' })).toMatchObject({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 3 },
      from: { hoursPerPoint: '370911001005', maxHoursPerActivity: '3709' },
    });
    // Back to what is above: the community's item stays (its version counts on) but hides nothing.
    const back = await changeCreditRules(deps(), center, { hoursPerPoint: null }, { area: '370911001005' });
    expect(back).toMatchObject({
      rules: { hoursPerPoint: 1, maxHoursPerActivity: 3 },
      from: { hoursPerPoint: 'deployment', maxHoursPerActivity: '3709' },
      overrides: {},
    });
    expect(store.storedByArea.get('370911001005')).toMatchObject({ values: {}, version: 2 });
    expect(await store.rules('370911001005')).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 3 });
  });

  it("show an area's rules as not in force while an item above it does not validate, naming whose it is", async () => {
    await changeCreditRules(deps(), center, { hoursPerPoint: 4 }, { area: '370911001005' });
    store.storedByArea.set('3709', { values: { maxHoursPerActivity: 'two' }, version: 0 });
    expect(await creditRules(deps(), center, { area: '370911001005' })).toMatchObject({
      rules: null,
      overrides: { hoursPerPoint: 4 },
      invalid: [{ field: 'maxHoursPerActivity', message: 'A number of hours, in the rules of area 3709' }],
    });
    await expect(store.rules('370911001005')).rejects.toBeInstanceOf(InvalidCreditRulesError);
    // Repaired there, with a PUT of that area.
    await changeCreditRules(deps(), center, { maxHoursPerActivity: 2 }, { area: '3709' });
    expect((await creditRules(deps(), center, { area: '370911001005' })).rules).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 2 });
  });

  it('change the rules named and keep the others; null returns a rule to its default', async () => {
    const first = await changeCreditRules(deps(), center, { maxHoursPerActivity: 2 });
    expect(first).toMatchObject({
      rules: { hoursPerPoint: 4, maxHoursPerActivity: 2 },
      overrides: { maxHoursPerActivity: 2 },
      updatedAt: '2026-11-29T08:00:00.000Z',
      updatedBy: 'center-admin@paidan.local',
    });
    const second = await changeCreditRules(deps(), center, { hoursPerPoint: 1 });
    expect(second.rules).toEqual({ hoursPerPoint: 1, maxHoursPerActivity: 2 });
    expect(await creditRules(deps(), center)).toMatchObject({
      rules: { hoursPerPoint: 1, maxHoursPerActivity: 2 },
      overrides: { hoursPerPoint: 1, maxHoursPerActivity: 2 },
    });
    const reset = await changeCreditRules(deps(), center, { maxHoursPerActivity: null });
    expect(reset).toMatchObject({ rules: { hoursPerPoint: 1, maxHoursPerActivity: 8 }, overrides: { hoursPerPoint: 1 } });
    expect(store.stored.values).toEqual({ hoursPerPoint: 1 });
  });

  it('refuse a bad value with 400 naming the field, and store nothing', async () => {
    await changeCreditRules(deps(), center, { hoursPerPoint: 2 });
    const saves = store.saves;
    for (const body of [{ hoursPerPoint: 0 }, { maxHoursPerActivity: 'eight' }, { hoursPerPoint: 2, extra: 1 }, {}, 'x']) {
      await expect(changeCreditRules(deps(), center, body)).rejects.toBeInstanceOf(ValidationError);
    }
    const error = await refusal(changeCreditRules(deps(), center, { hoursPerPoint: 2, maxHoursPerActivity: 100 }));
    expect(error.issues).toEqual([{ field: 'maxHoursPerActivity', message: 'At most 24' }]);
    expect(store.saves).toBe(saves);
    expect(store.stored.values).toEqual({ hoursPerPoint: 2 });
  });

  it('show a hand-written stored value that does not validate, and refuse a change that keeps it', async () => {
    store.stored = { values: { hoursPerPoint: '4', note: 'typo' }, version: 0 };
    const shown = await creditRules(deps(), center);
    expect(shown).toMatchObject({ rules: null, invalid: [{ field: 'hoursPerPoint' }, { field: 'note', message: 'Unknown field' }] });
    const refused = await refusal(changeCreditRules(deps(), center, { maxHoursPerActivity: 4 }));
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.issues.map((i) => i.field)).toEqual(['hoursPerPoint']);
    expect(store.saves).toBe(0);
    // Setting it (or null) repairs the item; what is not a rule goes with the save.
    expect((await changeCreditRules(deps(), center, { hoursPerPoint: null, maxHoursPerActivity: 4 })).rules).toEqual({
      hoursPerPoint: 4,
      maxHoursPerActivity: 4,
    });
    expect(store.stored.values).toEqual({ maxHoursPerActivity: 4 });
  });

  it('apply a change that raced another one on top of it, and give up after a few lost races (409)', async () => {
    store.racing = 1;
    expect((await changeCreditRules(deps(), center, { hoursPerPoint: 1 })).rules?.hoursPerPoint).toBe(1);
    expect(store.saves).toBe(2);
    store.racing = 10;
    await expect(changeCreditRules(deps(), center, { hoursPerPoint: 2 })).rejects.toBeInstanceOf(ConflictError);
  });
});
