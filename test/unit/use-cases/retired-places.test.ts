/**
 * A township or district staff retire by hand retires everything below it: no order, team,
 * volunteer or sign-up names a community under it (a 400 naming the area's field), as for a
 * community retired itself. The resident form hides the branch; these are the API's own checks.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { ValidationError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { parseSubmission } from '#shared/domain/submission';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { setAreaRetired } from '#shared/use-cases/admin-areas';
import { createTeam } from '#shared/use-cases/admin-teams';
import { submitRequest } from '#shared/use-cases/submit-request';
import { registerWithCode } from '#shared/use-cases/volunteer-sign-in';
import { registerVolunteer } from '#shared/use-cases/volunteers';

const center: Staff = { id: 'c', name: 'center', role: 'center' };
const KEDA = '370902003009'; // 科大社区, in 泰前街道 (370902003), in 泰山区 (370902)

async function refusedFields(call: () => Promise<unknown>): Promise<string[]> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error.issues.map((i) => i.field);
}

const order = () =>
  parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '电视没有图像',
    contactName: '赵大爷',
    phone: '13600001234',
    address: '5号楼',
    attributes: { applianceType: 'tv' },
  });
const team = (id: string) => ({
  id,
  name: { zh: '泰前队', en: 'Taiqian' },
  stationAreaId: KEDA,
  servesAreaId: KEDA,
  capacity: 2,
  services: ['appliance-repair'],
});

let mem: MemoryDeps;
beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => new Date('2026-12-07T02:00:00Z') }, services: demoServices, areas: demoAreas });
});

describe.each([
  ['township', '370902003'],
  ['district', '370902'],
])('a %s retired by hand', (_, retired) => {
  beforeEach(async () => {
    await setAreaRetired(mem, center, retired, true);
  });

  it('refuses an order for a community under it, naming areaId, and stores nothing', async () => {
    expect(await refusedFields(() => submitRequest(mem, { submission: order(), channel: 'api' }))).toEqual(['areaId']);
    expect(mem.requests.requests.size).toBe(0);
  });

  it('refuses a team stationed in or serving a community under it, naming each field', async () => {
    expect(await refusedFields(() => createTeam(mem, center, team('tq')))).toEqual(['stationAreaId', 'servesAreaId']);
    expect(await mem.teams.get('tq')).toBeUndefined();
  });

  it("refuses a volunteer whose home is under it, by staff or by the volunteer's own sign-up, naming homeAreaId", async () => {
    const person = { name: '孙志愿', phone: '13900003333', homeAreaId: KEDA };
    expect(await refusedFields(() => registerVolunteer(mem, center, person))).toEqual(['homeAreaId']);
    expect(await refusedFields(() => registerWithCode(mem, { ...person, code: '123456', volunteerNumber: '' }, '10.0.0.1'))).toEqual([
      'homeAreaId',
    ]);
  });

  it('takes them all again once it is restored', async () => {
    await setAreaRetired(mem, center, retired, false);
    expect(await submitRequest(mem, { submission: order(), channel: 'api' })).toMatchObject({ created: true });
    expect((await createTeam(mem, center, team('tq'))).team.id).toBe('tq');
    expect((await registerVolunteer(mem, center, { name: '孙志愿', phone: '13900003333', homeAreaId: KEDA })).homeAreaId).toBe(KEDA);
  });
});

it('marks a retirement by hand as staff’s, and a restoration clears the mark', async () => {
  expect(await setAreaRetired(mem, center, '370902003', true)).toMatchObject({ retiredBy: 'staff', retiredAt: '2026-12-07T02:00:00.000Z' });
  const restored = await setAreaRetired(mem, center, '370902003', false);
  expect(restored.retiredAt).toBeUndefined();
  expect(restored.retiredBy).toBeUndefined();
});
