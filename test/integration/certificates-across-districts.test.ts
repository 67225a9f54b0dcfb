/**
 * 谁记录谁证明 across districts: a center admin certifies the services done in their area, whoever's
 * home it is, and sees (lists, opens, revokes) the certificates issued in their area only; points
 * are spent at the home counter.
 */
import { describe, expect, it } from 'vitest';
import { certifiableVolunteer, servedInTwoPlaces, YANBEI } from '../support/certifiable-volunteer';
import { call, postJson } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { forgedToken } from '../support/staff-tokens';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const issue = () => ({
  from: `${today().slice(0, 4)}-01-01`,
  to: today(),
  organization: '新时代文明实践中心',
  personInCharge: '李主任',
  contact: '0538-1234567',
});

async function districtCenter(sub: string, area: string) {
  return bearer(
    await forgedToken(local().stack, { claims: { sub, email: `${sub}@paidan.local`, groups: ['center-admin'], paidan_area: area } }),
  );
}

/** A person of 科大社区 (泰山区) who served 90 minutes there and, with 红先锋, 2 hours in 堰北 (岱岳区). */
const servedInTwoDistricts = (id: string, phone: string) => servedInTwoPlaces(local().adapters, { id, name: '赵志愿', phone });

describe('certificates across districts (谁记录谁证明)', () => {
  it('each district certifies the services done in it, whatever the home community; a person with none there is 404', async () => {
    const { url, adapters } = local();
    const daiyue = await districtCenter('daiyue-center', '370911');
    const taishan = await districtCenter('taishan-center', '370902');
    const id = 'xd0000000000000000a1';
    const { keda, yanbei } = await servedInTwoDistricts(id, '+8613700001111');

    const byDaiyue = await postJson(`${url}/admin/volunteers/${id}/certificates`, issue(), daiyue);
    expect(byDaiyue.status, byDaiyue.text).toBe(201);
    expect(byDaiyue.json()).toMatchObject({
      services: [{ requestId: yanbei, place: expect.stringContaining('堰北'), hours: 2 }],
      totalHours: 2,
    });
    expect(byDaiyue.json().services).toHaveLength(1);
    const byTaishan = await postJson(`${url}/admin/volunteers/${id}/certificates`, issue(), taishan);
    expect(byTaishan.status, byTaishan.text).toBe(201);
    expect(byTaishan.json().services.map((s: { requestId: string }) => s.requestId)).toEqual([keda]);

    // Points stay with the home counter: 堰北's station, where the hours were served, does not find the person;
    // 科大's does (and refuses only the amount: 0.875 points earned).
    const yanbeiStation = bearer(
      await forgedToken(local().stack, {
        claims: { sub: 'yanbei-staff', email: 'yanbei@paidan.local', groups: ['station-staff'], paidan_area: YANBEI },
      }),
    );
    const redemption = { volunteer: `person#${id}`, points: 1, item: '大米一袋' };
    expect((await postJson(`${url}/admin/redemptions`, redemption, yanbeiStation)).status).toBe(404);
    expect((await postJson(`${url}/admin/redemptions`, redemption, bearer(local().stack.adminTokens.station))).status).toBe(409);

    // Served only in 泰山区: for 岱岳区 as unknown as no such id, and a bad body is the same 400 for both.
    const homeOnly = 'xd0000000000000000a2';
    await certifiableVolunteer(adapters, { id: homeOnly, name: '钱志愿', phone: '+8613700002222' });
    expect((await postJson(`${url}/admin/volunteers/${homeOnly}/certificates`, issue(), daiyue)).status).toBe(404);
    expect((await postJson(`${url}/admin/volunteers/xd0000000000000000zz/certificates`, issue(), daiyue)).status).toBe(404);
    for (const who of [homeOnly, 'xd0000000000000000zz'])
      expect((await postJson(`${url}/admin/volunteers/${who}/certificates`, { ...issue(), to: '2099-01-01' }, daiyue)).status).toBe(400);
    // 岱岳区 sees none of that person's certificates either.
    expect((await call(`${url}/admin/volunteers/${homeOnly}/certificates`, { headers: daiyue })).status).toBe(404);
  });

  it('lists only the certificates the admin can open: each listed one opens, one issued above or elsewhere is left out', async () => {
    const { url, stack } = local();
    const root = bearer(stack.adminTokens.center);
    const daiyue = await districtCenter('daiyue-center', '370911');
    const taishan = await districtCenter('taishan-center', '370902');
    const id = 'xd0000000000000000b1';
    await servedInTwoDistricts(id, '+8613700003333');
    const made = async (headers: Record<string, string>) => {
      const reply = await postJson(`${url}/admin/volunteers/${id}/certificates`, issue(), headers);
      expect(reply.status, reply.text).toBe(201);
      return reply.json().number as string;
    };
    const byRoot = await made(root);
    const byDaiyue = await made(daiyue);
    const byTaishan = await made(taishan);

    const expected: Array<[Record<string, string>, string[]]> = [
      [root, [byTaishan, byDaiyue, byRoot]],
      [taishan, [byTaishan]],
      [daiyue, [byDaiyue]],
    ];
    for (const [headers, numbers] of expected) {
      const listed = await call(`${url}/admin/volunteers/${id}/certificates`, { headers });
      expect(listed.status, listed.text).toBe(200);
      const listedNumbers = listed.json().map((c: { number: string }) => c.number);
      expect([...listedNumbers].sort()).toEqual([...numbers].sort());
      for (const number of listedNumbers) {
        expect((await call(`${url}/admin/certificates/${number}`, { headers })).status).toBe(200);
        expect((await call(`${url}/admin/certificates/${number}/pdf`, { headers })).status).toBe(200);
      }
    }
    // What is left out is indeed not theirs to open.
    expect((await call(`${url}/admin/certificates/${byRoot}`, { headers: taishan })).status).toBe(404);
    expect((await call(`${url}/admin/certificates/${byTaishan}`, { headers: daiyue })).status).toBe(404);
  });
});
