import { describe, expect, it } from 'vitest';
import { MemoryAreas, MemoryCatalog } from '#shared/adapters/memory/reference-data';
import { area, type Area, isWithin, levelOf, parentId } from '#shared/domain/area';
import { category, service, type Category, type Service } from '#shared/domain/catalog';
import { team, type Team, type TeamLoad } from '#shared/domain/team';
import type { TeamRepository } from '#shared/ports/team-repository';
import { demoAreas } from '#shared/seed/areas';
import { demoCategories, demoServices } from '#shared/seed/menu';
import { checkDemoData, demoData, seedDemoData } from '#shared/seed/seed-demo-data';
import { demoTeams } from '#shared/seed/teams';

const areaById = new Map(demoAreas.map((a) => [a.id, a]));
const categoryCodes = new Set(demoCategories.map((c) => c.code));
const serviceByCode = new Map(demoServices.map((s) => [s.code, s]));
const communities = demoAreas.filter((a) => a.level === 'community');

const teamsFor = (code: string): Team[] => {
  const s = serviceByCode.get(code);
  return demoTeams.filter((t) => t.services.includes(code) || (s !== undefined && t.categories.includes(s.category)));
};

describe('demo areas', () => {
  it('parses every area and keeps ids unique', () => {
    for (const a of demoAreas) expect(area.parse(a)).toEqual(a);
    expect(areaById.size).toBe(demoAreas.length);
  });

  it('gives every area but the province an existing parent and the level its code length says', () => {
    for (const a of demoAreas) {
      expect(a.level, a.id).toBe(levelOf(a.id));
      const parent = parentId(a.id);
      if (parent !== undefined) expect(areaById.has(parent), a.id).toBe(true);
    }
    expect(demoAreas.filter((a) => a.level === 'province').map((a) => a.id)).toEqual(['37']);
    expect(demoAreas.filter((a) => a.level === 'city').map((a) => a.id)).toEqual(['3709']);
  });

  it("holds Tai'an's whole tree of the 2023 table: 6 districts and counties, 88 streets and townships, 3,782 communities and villages", () => {
    const count = (level: Area['level']) => demoAreas.filter((a) => a.level === level).length;
    expect([count('district'), count('street'), count('community')]).toEqual([6, 88, 3782]);
  });

  it("lists the six districts and counties of Tai'an with their kinds", () => {
    const districts = demoAreas.filter((a) => a.level === 'district').map((a) => [a.id, a.name.zh, a.kind]);
    expect(districts).toEqual([
      ['370902', '泰山区', '区'],
      ['370911', '岱岳区', '区'],
      ['370921', '宁阳县', '县'],
      ['370923', '东平县', '县'],
      ['370982', '新泰市', '县级市'],
      ['370983', '肥城市', '县级市'],
    ]);
  });

  it('contains the streets and communities of the real teams, by the names people use', () => {
    expect(areaById.get('370902001')?.name.zh).toBe('岱庙街道');
    expect(areaById.get('370902003')?.name.zh).toBe('泰前街道');
    expect(areaById.get('370911001')?.name.zh).toBe('粥店街道');
    expect(areaById.get('370902001012')).toMatchObject({ name: { zh: '花园社区' }, officialName: '花园社区居委会', tableYear: 2023 });
    expect(areaById.get('370902003009')).toMatchObject({ name: { zh: '科大社区' }, officialName: '科大社区居委会' });
    expect(areaById.get('370911001005')).toMatchObject({ name: { zh: '堰北社区' }, officialName: '堰北社区居委会' });
  });

  it('gives every community the kind 社区 or 村, with villages among them', () => {
    for (const c of communities) expect(['社区', '村'], c.id).toContain(c.kind);
    expect(communities.filter((c) => c.kind === '村').length).toBeGreaterThan(1000);
  });

  it('gives every street at least one community', () => {
    for (const street of demoAreas.filter((a) => a.level === 'street')) {
      expect(communities.filter((c) => parentId(c.id) === street.id).length, street.id).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('demo menu', () => {
  it('parses every category and service and keeps codes unique', () => {
    for (const c of demoCategories) expect(category.parse(c)).toEqual(c);
    for (const s of demoServices) expect(service.parse(s)).toEqual(s);
    expect(categoryCodes.size).toBe(demoCategories.length);
    expect(serviceByCode.size).toBe(demoServices.length);
  });

  it('puts every service in an existing category with a completion target of 1 to 10 days', () => {
    for (const s of demoServices) {
      expect(categoryCodes, s.code).toContain(s.category);
      expect(s.slaHours, s.code).toBeGreaterThanOrEqual(24);
      expect(s.slaHours, s.code).toBeLessThanOrEqual(240);
      expect(s.active, s.code).toBe(true);
    }
  });

  it('offers micro-wishes as the only custom kind and refuses urgency for wishes and classes', () => {
    expect(demoServices.filter((s) => s.kind === 'micro-wish').map((s) => s.code)).toEqual(['micro-wish']);
    for (const code of ['micro-wish', 'calligraphy-class', 'homework-tutoring']) {
      expect(serviceByCode.get(code)?.urgentAllowed, code).toBe(false);
    }
    for (const code of ['appliance-repair', 'elderly-visit', 'dispute-mediation', 'health-consultation']) {
      expect(serviceByCode.get(code)?.urgentAllowed, code).toBe(true);
    }
  });

  it('asks for the appliance type on a repair order', () => {
    const field = serviceByCode.get('appliance-repair')?.fields.find((f) => f.code === 'applianceType');
    expect(field?.required).toBe(true);
    expect(field?.options?.map((o) => o.key)).toEqual(['radio', 'water-dispenser', 'tv', 'fan', 'rice-cooker', 'other']);
  });
});

describe('demo teams', () => {
  it('parses every team and keeps ids unique', () => {
    for (const t of demoTeams) expect(team.parse(t)).toEqual(t);
    expect(new Set(demoTeams.map((t) => t.id)).size).toBe(demoTeams.length);
  });

  it('places every team at a community station inside the area it serves', () => {
    for (const t of demoTeams) {
      expect(areaById.get(t.stationAreaId)?.level, t.id).toBe('community');
      expect(areaById.has(t.servesAreaId), t.id).toBe(true);
      expect(isWithin(t.stationAreaId, t.servesAreaId), t.id).toBe(true);
    }
  });

  it('refers only to existing services and categories', () => {
    for (const t of demoTeams) {
      for (const code of t.services) expect(serviceByCode.has(code), `${t.id} → ${code}`).toBe(true);
      for (const code of t.categories) expect(categoryCodes, `${t.id} → ${code}`).toContain(code);
      expect(t.services.length + t.categories.length, t.id).toBeGreaterThan(0);
    }
  });

  it('has a team for repairs, elderly visits, mediation and legal advice', () => {
    for (const code of ['appliance-repair', 'elderly-visit', 'dispute-mediation', 'legal-consultation']) {
      expect(teamsFor(code).length, code).toBeGreaterThan(0);
    }
  });

  it('sends repairs in 科大社区 to 瑞迪e修站 and legal advice anywhere to the city-level team', () => {
    expect(teamsFor('appliance-repair').map((t) => t.id)).toEqual(['ruidi-repair']);
    expect(demoTeams.find((t) => t.id === 'ruidi-repair')?.stationAreaId).toBe('370902003009');
    expect(teamsFor('legal-consultation').map((t) => t.servesAreaId)).toContain('3709');
  });
});

describe('checkDemoData', () => {
  it('finds no problem in the demo data', () => {
    expect(checkDemoData(demoData)).toEqual([]);
  });

  it('reports a missing parent, an unknown category and a team at a street', () => {
    const broken = {
      ...demoData,
      areas: demoData.areas.filter((a) => a.id !== '370982002'),
      services: [...demoData.services, { ...demoServices[0]!, code: 'orphan', category: 'nope' }],
      teams: [...demoData.teams, { ...demoTeams[0]!, id: 'street-team', stationAreaId: '370902001' }],
    };
    expect(checkDemoData(broken)).toEqual(
      expect.arrayContaining([
        'area 370982002001: no parent 370982002',
        'service orphan: no category nope',
        'team street-team: station 370902001 is not a community',
      ]),
    );
  });
});

/** The areas, with their writes slowed, counted and watched for how many run at once; `failOn` throttles one. */
/** Areas whose batch write fails (as a throttled BatchWriteItem would) when it holds `failOn`. */
class FakeAreas extends MemoryAreas {
  puts = 0;
  failOn?: string;
  override async put(a: Area) {
    if (a.id === this.failOn) throw new Error('throttled');
    this.puts++;
    await super.put(a);
  }
  override async putMany(areas: readonly Area[]) {
    if (areas.some((a) => a.id === this.failOn)) throw new Error('throttled');
    this.puts += areas.length;
    await super.putMany(areas);
  }
}

/** The menu, its writes counted. */
class FakeCatalog extends MemoryCatalog {
  puts = 0;
  override async putCategory(c: Category) {
    this.puts++;
    await super.putCategory(c);
  }
  override async putService(s: Service) {
    this.puts++;
    await super.putService(s);
  }
}

class FakeTeams implements Pick<TeamRepository, 'register'> {
  readonly items = new Map<string, Team>();
  puts = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly handles = new Map<string, readonly string[]>();
  async get(id: string) {
    return this.items.get(id) as TeamLoad | undefined;
  }
  async register(t: Team, handles: readonly string[]) {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight--;
    this.puts++;
    this.items.set(t.id, t);
    this.handles.set(t.id, handles);
  }
}

const fakes = () => ({ areas: new FakeAreas(), catalog: new FakeCatalog(), teams: new FakeTeams() });

describe('seedDemoData', () => {
  it('writes every area, category, service and team into empty repositories', async () => {
    // Prepare
    const deps = fakes();
    // Act
    const result = await seedDemoData(deps);
    // Assess
    const counts = { areas: demoAreas.length, categories: demoCategories.length, services: demoServices.length, teams: demoTeams.length };
    expect(result).toEqual({ seeded: true, counts });
    expect(deps.areas.items.size).toBe(counts.areas);
    expect(deps.catalog.categories.size).toBe(counts.categories);
    expect(deps.catalog.services.size).toBe(counts.services);
    expect(deps.teams.items.size).toBe(counts.teams);
    expect(await deps.catalog.getService('appliance-repair')).toEqual(serviceByCode.get('appliance-repair'));
    expect(await deps.teams.get('ruidi-repair')).toEqual(demoTeams.find((t) => t.id === 'ruidi-repair'));
  });

  it('writes nothing the second time', async () => {
    const deps = fakes();
    await seedDemoData(deps);
    const puts = [deps.areas.puts, deps.catalog.puts, deps.teams.puts];

    const again = await seedDemoData(deps);

    expect(again.seeded).toBe(false);
    expect(again.counts.teams).toBe(demoTeams.length);
    expect([deps.areas.puts, deps.catalog.puts, deps.teams.puts]).toEqual(puts);
  });

  it('keeps at most ten single writes in flight (the eleven teams)', async () => {
    const deps = fakes();
    await seedDemoData(deps);
    expect(deps.teams.maxInFlight).toBeGreaterThan(1);
    expect(deps.teams.maxInFlight).toBeLessThanOrEqual(10);
  });

  it('seeds again after a run that failed halfway, since the city is written last', async () => {
    const deps = fakes();
    deps.areas.failOn = '370982';
    await expect(seedDemoData(deps)).rejects.toThrow('throttled');
    expect(await deps.areas.get('3709')).toBeUndefined();

    deps.areas.failOn = undefined;
    const retry = await seedDemoData(deps);

    expect(retry.seeded).toBe(true);
    expect(deps.areas.items.size).toBe(demoAreas.length);
  });
});
