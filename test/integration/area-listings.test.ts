/**
 * Review 52: a table stored before the areas' level and name listings, then changed without the
 * reindex (an import writes only what changed, staff rename a community). The picker's reads take
 * the listings only once the table is marked listed, so its pages (and the statistics, which read
 * a level at a time too) stay right before and after the reindex; the reindex writes the listing attributes alone, so a rename or import made while it
 * runs stays; an import into such a table reindexes it first.
 */
import { spawnSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { AreaListings } from '#shared/adapters/dynamo/area-listings';
import { DynamoAreaRepository } from '#shared/adapters/dynamo/area-repository';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import type { Area, AreaLevel } from '#shared/domain/area';
import { planAreaImport } from '#shared/domain/area-import';
import { demoData, seedDemoData } from '#shared/seed/seed-demo-data';
import type { AreaRepository } from '#shared/ports/area-repository';
import { memoryDeps } from '#shared/adapters/memory/deps';
import type { Staff } from '#shared/domain/staff';
import { demoServices } from '#shared/seed/menu';
import { countFacts } from '../support/count-facts';
import { submittedFact } from '../support/submitted-fact';
import { importAreas } from '#shared/use-cases/import-areas';
import { statsDashboard } from '#shared/use-cases/needs-statistics';
import { areaChoice } from '#shared/use-cases/pick-area';
import { useLocalStack } from '../support/local-stack';
import { testAreas } from '../support/test-areas';

const local = useLocalStack({ seed: false });
const clock = { now: () => new Date('2026-12-07T00:00:00Z') };
const area = (id: string, level: AreaLevel, zh: string): Area => ({
  id,
  level,
  name: { zh, en: zh },
  officialName: zh,
  kind: '',
  tableYear: 2023,
});
const row = (code: string, officialName: string) => ({ code: code.padEnd(12, '0'), officialName });
const ids = (list: readonly { id: string }[]) => list.map((a) => a.id);

/** A city as the adapter wrote it before 2026-12 (its key and the gsi1 listing only), with the table unmarked. */
async function storeOldForm(city: string, zh: string): Promise<Area[]> {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  const areas = [
    area(city, 'city', `${zh}市`),
    area(`${city}02`, 'district', '兴宁区'),
    area(`${city}03`, 'district', '青秀区'),
    area(`${city}02001`, 'street', '民生街道'),
    area(`${city}02001001`, 'community', '民生社区'),
    area(`${city}02001002`, 'community', '北宁社区'),
    area(`${city}02001003`, 'community', '东宁社区'),
  ];
  for (const a of areas)
    await db.send(
      new PutCommand({ TableName: stack.tableName, Item: { ...keys.area(a.id), ...keys.areaListing(a.id), entity: 'Area', ...a } }),
    );
  await db.send(new DeleteCommand({ TableName: stack.tableName, Key: keys.areasListed }));
  return areas;
}

/** Next year's table of the city: 东宁社区 gone, a new street under 青秀区. */
const nextTable = (city: string, zh: string) => [
  row(city, `${zh}市`),
  row(`${city}02`, '兴宁区'),
  row(`${city}03`, '青秀区'),
  row(`${city}02001`, '民生街道'),
  row(`${city}02001001`, '民生社区'),
  row(`${city}02001002`, '北宁社区'),
  row(`${city}03002`, '新竹街道'),
];

/** The picker's pages after next year's table and a rename of 北宁社区 to 北湖社区. */
async function expectPagesRight(areas: AreaRepository, city: string): Promise<void> {
  expect(ids((await areaChoice(areas, { in: `${city}02001` })).choices)).toEqual([`${city}02001001`, `${city}02001002`]);
  expect(ids((await areaChoice(areas, { in: city })).choices)).toEqual([`${city}02`, `${city}03`]);
  expect(ids((await areaChoice(areas, { in: `${city}03` })).choices)).toEqual([`${city}03002`]);
  expect((await areaChoice(areas, { in: city, q: '民生' })).search?.results.map((r) => r.area.id)).toEqual([`${city}02001001`]);
  expect((await areaChoice(areas, { in: city, q: '北湖' })).search?.results.map((r) => r.area.id)).toEqual([`${city}02001002`]);
  expect((await areaChoice(areas, { in: city, q: '北宁' })).search?.results).toEqual([]);
}

describe('areas stored before the listings, changed, then reindexed (review 52)', () => {
  it('the pages are right before the reindex (the subtree) and after it (the listings)', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const city = '4501';
    const old = await storeOldForm(city, '南宁');
    const before = new DynamoAreaRepository(db, stack.tableName);
    expect(ids((await areaChoice(before, { in: `${city}02001` })).choices)).toEqual(ids(old.slice(4)));
    expect(ids((await areaChoice(before, { in: city })).choices)).toEqual([`${city}02`, `${city}03`]);

    // An import writing only what changed (as one from before the flag), and a staff rename, no reindex.
    const plan = planAreaImport(city, await before.subtree(city), nextTable(city, '南宁'), 2024, clock.now());
    expect(ids(plan.writes).sort()).toEqual([`${city}02001003`, `${city}03002`]);
    await before.putMany(plan.writes);
    await before.update(`${city}02001002`, { name: { zh: '北湖社区', en: 'Beihu' } });
    // The listings now hold the written areas alone; unmarked, the reads take the subtree.
    await expectPagesRight(before, city);
    await expectPagesRight(new DynamoAreaRepository(db, stack.tableName), city);

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/reindex-areas.ts', '--table', stack.tableName], {
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      },
    });
    expect(`${run.stdout}${run.stderr}`).toContain('8 areas stored, 6 given their level and name listings; the table is marked listed.');
    expect((await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.areasListed }))).Item).toBeDefined();

    // A new container reads the listings: an item listed on gsi2 alone (no gsi1 entry) is found.
    const after = new DynamoAreaRepository(db, stack.tableName);
    await expectPagesRight(after, city);
    const gsi2Only = area(`${city}02002`, 'street', '仅列街道');
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.area(gsi2Only.id), ...keys.areaLevelListing(gsi2Only.id), ...gsi2Only },
      }),
    );
    expect(ids(await after.childrenOf(`${city}02`))).toEqual([`${city}02001`, `${city}02002`]);
    // A container that found the table unmarked keeps the subtree until it reads the flag again.
    expect(ids(await before.childrenOf(`${city}02`))).toEqual([`${city}02001`]);
    await db.send(new DeleteCommand({ TableName: stack.tableName, Key: keys.area(gsi2Only.id) }));
  });

  it('an import into an unmarked table lists every stored area first, then marks it', async () => {
    const { stack, adapters } = local();
    const db = createDocumentClient(stack.dynamodb);
    const city = '4502';
    await storeOldForm(city, '柳州');
    const areas = new DynamoAreaRepository(db, stack.tableName);
    const plan = await importAreas({ areas, teams: adapters.teams, clock }, city, nextTable(city, '柳州'), 2024);
    await areas.update(`${city}02001002`, { name: { zh: '北湖社区', en: 'Beihu' } });
    expect(plan.retired.map((a) => a.id)).toEqual([`${city}02001003`]);
    expect((await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.areasListed }))).Item).toBeDefined();
    const street = await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.area(`${city}02001`) }));
    expect(street.Item).toMatchObject({ gsi2pk: 'AREALEVEL#street', gsi2sk: `${city}02001` });
    await expectPagesRight(new DynamoAreaRepository(db, stack.tableName), city);
    // Marked: the next import does not list again.
    expect(await areas.ensureListed()).toBe(0);
  });

  it('a rename and an import written while the reindex runs stay', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const city = '4503';
    await storeOldForm(city, '柳州');
    const staff = new DynamoAreaRepository(db, stack.tableName);
    // The reindex's own client: once it has read the areas, before its first write, staff rename
    // 北宁社区 and an import retires 民生社区 (a whole put); its writes wait for those.
    const reindexDb = createDocumentClient(new DynamoDBClient({ endpoint: inject('dynamodbEndpoint') }));
    let race: Promise<void> | undefined;
    reindexDb.middlewareStack.add(
      (next) => async (args) => {
        if ((args as { input: { KeyConditionExpression?: string } }).input.KeyConditionExpression === undefined) {
          race ??= (async () => {
            await staff.update(`${city}02001002`, { name: { zh: '北湖社区', en: 'Beihu' } });
            const minsheng = await staff.get(`${city}02001001`);
            await staff.putMany([{ ...minsheng!, retiredAt: '2026-12-07T00:00:00.000Z' }]);
          })();
          await race;
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceTheReindex' },
    );
    expect(await new AreaListings(reindexDb, stack.tableName).relist()).toMatchObject({ written: 7 });
    expect(race).toBeDefined();

    const renamed = await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.area(`${city}02001002`) }));
    expect(renamed.Item).toMatchObject({ name: { zh: '北湖社区' }, gsi2pk: 'AREALEVEL#community', gsi3sk: `北湖社区#${city}02001002` });
    expect(await staff.get(`${city}02001001`)).toMatchObject({ retiredAt: '2026-12-07T00:00:00.000Z' });
    const areas = new DynamoAreaRepository(db, stack.tableName);
    expect(ids((await areaChoice(areas, { in: `${city}02001` })).choices)).toEqual([`${city}02001002`, `${city}02001003`]);
    expect((await areaChoice(areas, { in: city, q: '北湖' })).search?.results.map((r) => r.area.id)).toEqual([`${city}02001002`]);
    expect((await areaChoice(areas, { in: city, q: '北宁' })).search?.results).toEqual([]);
  });

  it('the seed lists a table from before the listings and marks it', async () => {
    const { stack, adapters } = local();
    const db = createDocumentClient(stack.dynamodb);
    const city = '4504';
    await storeOldForm(city, '梧州');
    await seedDemoData(adapters, { ...demoData, areas: testAreas, teams: [] });
    expect((await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.areasListed }))).Item).toBeDefined();
    const street = await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.area(`${city}02001`) }));
    expect(street.Item).toMatchObject({ gsi2pk: 'AREALEVEL#street' });
    const fresh = new DynamoAreaRepository(db, stack.tableName);
    expect(ids(await fresh.childrenOf(`${city}02001`))).toEqual([`${city}02001001`, `${city}02001002`, `${city}02001003`]);
    expect(ids(await fresh.childrenOf('3709')).length).toBeGreaterThan(0);
  });

  it('the statistics read the same before the reindex (the subtree) and after it (the listings)', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const city = '4505';
    await storeOldForm(city, '桂林');
    // The counters in memory: what is read here is the areas.
    const mem = memoryDeps({ clock, services: demoServices });
    await countFacts(mem, [submittedFact('gl-1', '2026-12-01', `${city}02001001`), submittedFact('gl-2', '2026-12-01', `${city}02001002`)]);
    const center: Staff = { id: 'c', name: 'center', role: 'center' };
    const views = async (areas: AreaRepository) =>
      Promise.all(
        [city, `${city}02`].map(async (area) => {
          const report = await statsDashboard({ ...mem, areas }, center, { area, from: '2026-12-01', to: '2026-12-06' });
          return [report.totals.requests, report.byChildArea.map((a) => [a.id, a.requests])];
        }),
      );
    const expected = [
      [
        2,
        [
          [`${city}02`, 2],
          [`${city}03`, 0],
        ],
      ],
      [2, [[`${city}02001`, 2]]],
    ];
    const unmarked = new DynamoAreaRepository(db, stack.tableName);
    expect(await views(unmarked)).toEqual(expected);
    expect(await unmarked.ensureListed()).toBeGreaterThan(0);
    expect(await views(new DynamoAreaRepository(db, stack.tableName))).toEqual(expected);
  });
});
