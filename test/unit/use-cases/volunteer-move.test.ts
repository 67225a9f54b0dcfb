import { describe, expect, it } from 'vitest';
import type { Staff } from '#shared/domain/staff';
import { moveVolunteerHome } from '#shared/use-cases/volunteer-move';
import { KEDA } from '../../support/fixtures';
import { memoryWithPerson, PERSON_ID as ID } from '../../support/memory-volunteer';
import { testAreas } from '../../support/test-areas';

const [NEIGHBOUR, THIRD] = ['370902003001', '370902003011'];
const district: Staff = { id: 'c1', name: '区中心', role: 'center', areaId: '370902' };
const reason = '搬家';

const withPerson = () => memoryWithPerson(testAreas);

describe('moving a volunteer’s home community', () => {
  it('is an admin’s over both communities: a station of either is refused, nothing written', async () => {
    const mem = await withPerson();
    const oldStation: Staff = { id: 's1', name: '科大站', role: 'station', areaId: KEDA };
    const newStation: Staff = { id: 's2', name: '泰前站', role: 'station', areaId: NEIGHBOUR };
    await expect(moveVolunteerHome(mem, oldStation, ID, { homeAreaId: NEIGHBOUR, reason })).rejects.toMatchObject({
      name: 'OutsideAreaError',
      field: 'homeAreaId',
    });
    await expect(moveVolunteerHome(mem, newStation, ID, { homeAreaId: NEIGHBOUR, reason })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    // A retired community is no place to move to.
    const retired = mem.areas.items.get(THIRD)!;
    mem.areas.items.set(THIRD, { ...retired, retiredAt: '2026-12-01T00:00:00.000Z' });
    await expect(moveVolunteerHome(mem, district, ID, { homeAreaId: THIRD, reason })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'homeAreaId' }],
    });
    expect(await mem.volunteers.get(ID)).toMatchObject({ homeAreaId: KEDA });
    expect(await mem.volunteers.movesOf(ID)).toEqual([]);

    const moved = await moveVolunteerHome(mem, district, ID, { homeAreaId: NEIGHBOUR, reason });
    expect(moved).toMatchObject({ homeAreaId: NEIGHBOUR, from: KEDA, moved: true });
    expect(await mem.volunteers.movesOf(ID)).toEqual([
      { volunteerId: ID, from: KEDA, to: NEIGHBOUR, at: expect.any(String), by: 'c1', detail: '区中心: 搬家' },
    ]);
  });

  it('of two at once to one place: both answered as done, one move made', async () => {
    const mem = await withPerson();
    const both = await Promise.all([1, 2].map(() => moveVolunteerHome(mem, district, ID, { homeAreaId: NEIGHBOUR, reason })));
    expect(both.map((r) => r.moved).sort()).toEqual([false, true]);
    expect(both.map((r) => r.homeAreaId)).toEqual([NEIGHBOUR, NEIGHBOUR]);
    expect(await mem.volunteers.movesOf(ID)).toHaveLength(1);
  });

  it('of two at once to two places: one is made, the other a 409 naming homeAreaId, and the first stands', async () => {
    const mem = await withPerson();
    const outcomes = await Promise.allSettled([
      moveVolunteerHome(mem, district, ID, { homeAreaId: NEIGHBOUR, reason }),
      moveVolunteerHome(mem, district, ID, { homeAreaId: THIRD, reason }),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { homeAreaId: NEIGHBOUR, moved: true } });
    expect(outcomes[1]).toMatchObject({
      status: 'rejected',
      reason: { name: 'ConflictError', message: expect.stringContaining('field homeAreaId') },
    });
    expect(await mem.volunteers.get(ID)).toMatchObject({ homeAreaId: NEIGHBOUR });
    expect((await mem.volunteers.movesOf(ID)).map((m) => m.to)).toEqual([NEIGHBOUR]);
  });
});
