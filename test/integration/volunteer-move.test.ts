import { describe, expect, it } from 'vitest';
import { orderMonth } from '#shared/domain/team';
import { personKey } from '#shared/domain/volunteer';
import { call } from '../support/http';
import { KEDA } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { forgedToken } from '../support/staff-tokens';
import { volunteerWithHours } from '../support/volunteer-with-hours';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const station = () => bearer(local().stack.adminTokens.station);
/** Another community of 泰前街道 (泰山区), like 科大社区; and one of 岱岳区. */
const NEIGHBOUR = '370902003001';
const THIRD = '370902003011';
const OUTSIDE = '370911001005';

/** An ID token of the local provider for staff of `area` (`center-admin` or `station-staff`). */
const staffOf = async (area: string, group: 'center-admin' | 'station-staff') =>
  bearer(
    await forgedToken(local().stack, {
      claims: { sub: `${group}-${area}`, email: `${group}-${area}@paidan.local`, groups: [group], paidan_area: area },
    }),
  );

const move = (id: string, body: unknown, headers: Record<string, string>) =>
  call(`${local().url}/admin/volunteers/${id}/home`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const fieldsOf = (reply: { json(): { error: { fields: { field: string }[] } } }) => reply.json().error.fields.map((f) => f.field);

describe("an admin moves a volunteer's home community (PUT /admin/volunteers/{id}/home)", () => {
  it('moves the person to the new station’s staff, not the old one’s; history and registration counts stay where they were', async () => {
    const { url, adapters } = local();
    const { phone, id } = await volunteerWithHours(local(), '迁居志愿');
    const [district, neighbourStation] = [await staffOf('370902', 'center-admin'), await staffOf(NEIGHBOUR, 'station-staff')];
    const byPhone = (headers: Record<string, string>) => call(`${url}/admin/volunteers?phone=${phone}`, { headers });
    const detail = (headers: Record<string, string>) => call(`${url}/admin/volunteers/${id}`, { headers });
    const month = orderMonth(new Date());
    const registered = async (area: string) =>
      (await call(`${url}/admin/volunteer-stats?area=${area}&from=${month}&to=${month}`, { headers: district })).json().registered;
    const counted = { keda: await registered(KEDA), neighbour: await registered(NEIGHBOUR) };
    const ledger = await adapters.credits.history(personKey(id));
    expect(ledger).toHaveLength(1);

    // Before: 科大社区's station has them; the neighbour's does not.
    expect((await byPhone(station())).json().id).toBe(id);
    expect((await byPhone(neighbourStation)).status).toBe(404);

    const reason = '搬到泰山区另一个社区';
    // Refused, and nothing written: no community (a street, an unknown code, not a code), no reason.
    for (const homeAreaId of ['370902003', '370902003999', 'keda'])
      expect(fieldsOf(await move(id, { homeAreaId, reason }, district))).toEqual(['homeAreaId']);
    expect(fieldsOf(await move(id, { homeAreaId: NEIGHBOUR }, district))).toEqual(['reason']);
    expect(fieldsOf(await move(id, { homeAreaId: NEIGHBOUR, reason: '  ' }, district))).toEqual(['reason']);
    // A station covers its own community only: 403 naming the target. The district's admin, a place outside it.
    const fromStation = await move(id, { homeAreaId: NEIGHBOUR, reason }, station());
    expect([fromStation.status, fromStation.json().error.code]).toEqual([403, 'OUTSIDE_YOUR_AREA']);
    expect(fromStation.text).toContain('field homeAreaId');
    expect((await move(id, { homeAreaId: OUTSIDE, reason }, district)).status).toBe(403);
    // The new station's staff cannot see the person at all (ids outside their area reveal nothing).
    expect((await move(id, { homeAreaId: NEIGHBOUR, reason }, neighbourStation)).status).toBe(404);
    expect((await detail(district)).json()).toMatchObject({ homeAreaId: KEDA, moves: [] });

    const moved = await move(id, { homeAreaId: NEIGHBOUR, reason }, district);
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json()).toMatchObject({ id, name: '迁居志愿', homeAreaId: NEIGHBOUR, from: KEDA, moved: true });

    // After: the neighbour's station has them, by phone and by id; 科大社区's no longer.
    expect((await byPhone(neighbourStation)).json().id).toBe(id);
    expect((await byPhone(station())).status).toBe(404);
    expect((await detail(station())).status).toBe(404);
    const seen = (await detail(neighbourStation)).json();
    expect(seen).toMatchObject({ homeAreaId: NEIGHBOUR, credits: { hours: 2.5 } });
    // The move in the record: when, from where, to where, who and why.
    expect(seen.moves).toEqual([
      { at: expect.any(String), from: KEDA, to: NEIGHBOUR, detail: `center-admin-370902@paidan.local: ${reason}` },
    ]);

    // History is not rewritten: the ledger as it was, the registration counted where and when it was made.
    expect(await adapters.credits.history(personKey(id))).toEqual(ledger);
    expect({ keda: await registered(KEDA), neighbour: await registered(NEIGHBOUR) }).toEqual(counted);

    // Already there: 200, nothing moved, no second record.
    const again = await move(id, { homeAreaId: NEIGHBOUR, reason }, district);
    expect([again.status, again.json().moved]).toEqual([200, false]);
    expect((await detail(district)).json().moves).toHaveLength(1);
    // The deployment's own center admin (no area) moves anywhere: back again.
    expect((await move(id, { homeAreaId: KEDA, reason: '登记错了' }, station())).status).toBe(404);
    const back = await move(id, { homeAreaId: KEDA, reason: '登记错了' }, bearer(local().stack.adminTokens.center));
    expect(back.json()).toMatchObject({ homeAreaId: KEDA, from: NEIGHBOUR, moved: true });
    expect((await byPhone(station())).json().id).toBe(id);
  });

  it('of moves at once, each is made whole or not at all: one record per move made, the home the last one’s', async () => {
    const { url } = local();
    const { id } = await volunteerWithHours(local(), '并发志愿');
    const district = await staffOf('370902', 'center-admin');
    const reason = '换社区';

    // The same move twice at once: one is made; the other finds it done (200, moved: false).
    const same = await Promise.all([1, 2].map(() => move(id, { homeAreaId: NEIGHBOUR, reason }, district)));
    expect(same.map((r) => r.status)).toEqual([200, 200]);
    expect(same.map((r) => r.json().moved).sort()).toEqual([false, true]);

    // Moves to two places at once: a move that lost to the other is a 409; one made after it, a move of its own.
    const targets = [THIRD, KEDA, THIRD, KEDA];
    const replies = await Promise.all(targets.map((homeAreaId) => move(id, { homeAreaId, reason }, district)));
    for (const r of replies) expect([200, 409], r.text).toContain(r.status);
    const made = replies.filter((r) => r.status === 200 && r.json().moved === true);
    expect(made.length).toBeGreaterThanOrEqual(1);
    const { moves, homeAreaId } = (await call(`${url}/admin/volunteers/${id}`, { headers: district })).json();
    // Every move recorded was answered as made, and they chain: each from where the one before it left them.
    expect(moves).toHaveLength(1 + made.length);
    moves.reduce((from: string, m: { from: string; to: string }) => {
      expect(m.from).toBe(from);
      return m.to;
    }, KEDA);
    expect(homeAreaId).toBe(moves.at(-1).to);
    for (const r of replies.filter((r) => r.status === 409)) expect(r.text).toContain('field homeAreaId');
  });
});
