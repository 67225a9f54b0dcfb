import { describe, expect, it } from 'vitest';
import type { Staff } from '#shared/domain/staff';
import { changeVolunteerPhone } from '#shared/use-cases/volunteers';
import { KEDA } from '../../support/fixtures';
import { memoryWithPerson } from '../../support/memory-volunteer';

const station: Staff = { id: 's1', name: '站', role: 'station', areaId: KEDA };

const withPerson = () => memoryWithPerson();

describe('two staff changing one phone at once', () => {
  it('to the same phone: both answered as done, one change made (one more session version)', async () => {
    const mem = await withPerson();
    const both = await Promise.all([
      changeVolunteerPhone(mem, station, 'abcdefghjkmnpqrstvwx', { phone: '13900000002' }),
      changeVolunteerPhone(mem, station, 'abcdefghjkmnpqrstvwx', { phone: '13900000002' }),
    ]);
    expect(both.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(both.map((r) => r.phone)).toEqual(['+8613900000002', '+8613900000002']);
    expect(await mem.volunteers.get('abcdefghjkmnpqrstvwx')).toMatchObject({ phone: '+8613900000002', sessionVersion: 1 });
  });

  it('to two phones: one is made, the other a 409 naming phone, and the first stands', async () => {
    const mem = await withPerson();
    const outcomes = await Promise.allSettled([
      changeVolunteerPhone(mem, station, 'abcdefghjkmnpqrstvwx', { phone: '13900000002' }),
      changeVolunteerPhone(mem, station, 'abcdefghjkmnpqrstvwx', { phone: '13900000003' }),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { phone: '+8613900000002', changed: true } });
    expect(outcomes[1]).toMatchObject({
      status: 'rejected',
      reason: { name: 'ConflictError', message: expect.stringContaining('field phone') },
    });
    expect(await mem.volunteers.get('abcdefghjkmnpqrstvwx')).toMatchObject({ phone: '+8613900000002', sessionVersion: 1 });
    expect(await mem.volunteers.findByPhone('+8613900000003')).toBeUndefined();
  });
});
