/**
 * What a page of the staff console's lists reads (review 54, finding 3): a page of teams reads
 * that page's teams and their coverage, not every team of the center and one query per team.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '#shared/domain/staff';
import { listTeams } from '#shared/use-cases/admin-teams';
import { call } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { countedReads } from '../support/counted-reads';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
/** A street of a district no other test stations teams in, known to the deployment (a list of an unknown area is a 404). */
const STREET = '370998001';
beforeAll(async () => {
  const area = (id: string, level: 'district' | 'street') => ({ id, level, name: { zh: id, en: id }, officialName: id, kind: '' });
  await local().adapters.areas.putMany([area('370998', 'district'), area(STREET, 'street')]);
});

describe('the teams list, 200 teams in one street', () => {
  it('reads a bounded amount for each page of 50, and the pages together hold every team once, in order', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `paged-${String(i).padStart(3, '0')}`);
    for (const id of ids)
      await local().adapters.teams.register(
        teamFixture(id, { stationAreaId: `${STREET}${String(ids.indexOf(id) % 7).padStart(3, '0')}` }),
        ['appliance-repair'],
      );
    const counted = countedReads(local().stack.tableName);
    const deps = {
      ...local().adapters,
      ...counted.tables,
      clock: { now: () => new Date() },
      emailOff: false,
      webhooks: { allowLocal: false },
    };

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      counted.reset();
      const page = await listTeams(deps, center, STREET, { limit: 50, ...(after ? { after } : {}) });
      seen.push(...page.teams.map((t) => t.id));
      // 51 teams read (one to know more follow) and each shown team's coverage (one item here), in 51
      // queries at most, and the area asked for (an unknown one is a 404), one item in one call.
      expect(page.teams.length).toBeLessThanOrEqual(50);
      expect(counted.items).toBeLessThanOrEqual(51 + 50 + 1);
      expect(counted.calls).toBeLessThanOrEqual(1 + 50 + 1);
      after = page.next;
      if (!after) break;
    }
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    const expected = ids.map((id, i) => `${STREET}${String(i % 7).padStart(3, '0')}/${id}`).sort();
    expect(seen).toEqual(expected.map((place) => place.split('/')[1]));
  });

  it('gives `next` over HTTP and takes it back as `after`; a malformed cursor is a 400 naming it', async () => {
    const admin = { authorization: `Bearer ${local().stack.adminTokens.center}` };
    const first = (await call(`${local().url}/admin/teams?area=${STREET}&limit=2`, { headers: admin })).json();
    expect(first.teams).toHaveLength(2);
    const second = (
      await call(`${local().url}/admin/teams?area=${STREET}&limit=2&after=${encodeURIComponent(first.next)}`, { headers: admin })
    ).json();
    expect(second.teams.map((t: { id: string }) => t.id)).not.toContain(first.teams[1].id);
    const bad = await call(`${local().url}/admin/teams?after=nonsense`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('after');
  });

  it('refuses, as a 400 naming `after`, a cursor whose place is outside the area asked (review 62, finding 2)', async () => {
    const admin = { authorization: `Bearer ${local().stack.adminTokens.center}` };
    // Another street's place, and a place of the province above the street: the index would refuse either as a start.
    for (const after of ['370911001005/zz-team', '37/zz']) {
      const res = await call(`${local().url}/admin/teams?area=${STREET}&limit=1&after=${encodeURIComponent(after)}`, { headers: admin });
      expect(res.status).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['after']);
    }
  });

  it('refuses, as a 400 naming `after`, a request cursor of the right shape whose time does not exist', async () => {
    const admin = { authorization: `Bearer ${local().stack.adminTokens.center}` };
    for (const after of ['2026-13-45T99:99:99Z_abc', '2026-02-30T10:00:00Z_abc']) {
      const res = await call(`${local().url}/admin/requests?after=${encodeURIComponent(after)}`, { headers: admin });
      expect(res.status).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['after']);
    }
  });
});
