import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAreaRepository } from '#shared/adapters/dynamo/area-repository';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { areaRepositoryContract, contractAreas } from '../support/area-repository-contract';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
beforeAll(async () => {
  await local().adapters.areas.putMany(contractAreas);
});

areaRepositoryContract('DynamoAreaRepository on DynamoDB Local', () => local().adapters.areas);

describe('areas stored before the level and name listings (gsi2, gsi3)', () => {
  it('are read through the subtree until rewritten, then through the listings', async () => {
    const { stack } = local();
    const db = createDocumentClient(stack.dynamodb);
    const areas = new DynamoAreaRepository(db, stack.tableName);
    const old = [
      { id: '4501', level: 'city', name: { zh: '南宁市', en: 'Nanning' }, officialName: '南宁市', kind: '市' },
      { id: '450102', level: 'district', name: { zh: '兴宁区', en: 'Xingning' }, officialName: '兴宁区', kind: '区' },
      { id: '450102001', level: 'street', name: { zh: '民生街道', en: 'Minsheng' }, officialName: '民生街道', kind: '街道' },
      { id: '450102001001', level: 'community', name: { zh: '民生社区', en: 'Minsheng' }, officialName: '民生社区', kind: '社区' },
    ] as const;
    // As the adapter wrote an area before 2026-12: its key and the gsi1 listing only.
    for (const area of old)
      await db.send(
        new PutCommand({
          TableName: stack.tableName,
          Item: { ...keys.area(area.id), ...keys.areaListing(area.id), entity: 'Area', ...area },
        }),
      );
    expect((await areas.childrenOf('4501')).map((a) => a.id)).toEqual(['450102']);
    expect((await areas.childrenOf('450102001')).map((a) => a.id)).toEqual(['450102001001']);
    expect((await areas.communitiesNamed('4501', '民生', 10)).map((a) => a.id)).toEqual(['450102001001']);
    // scripts/reindex-areas.ts rewrites them: listed, with the same answers.
    await areas.putMany(await areas.subtree('4501'));
    const stored = await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.area('450102001001') }));
    expect(stored.Item).toMatchObject({ gsi2pk: 'AREALEVEL#community', gsi3pk: 'AREANAME#4501', gsi3sk: '民生社区#450102001001' });
    expect((await areas.childrenOf('4501')).map((a) => a.id)).toEqual(['450102']);
    expect((await areas.communitiesNamed('4501', '民生', 10)).map((a) => a.id)).toEqual(['450102001001']);
    // Read from the listings, not the subtree: an item listed there alone (no gsi1 entry) is found.
    const unlisted = { ...old[3], id: '450102001002', name: { zh: '民生二社区', en: 'Minsheng 2' } };
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...keys.area(unlisted.id),
          ...keys.areaLevelListing(unlisted.id),
          ...keys.communityNameListing(unlisted.id, '民生二社区'),
          ...unlisted,
        },
      }),
    );
    expect((await areas.childrenOf('450102001')).map((a) => a.id)).toEqual(['450102001001', '450102001002']);
    expect((await areas.communitiesNamed('4501', '民生二', 10)).map((a) => a.id)).toEqual(['450102001002']);
    expect((await areas.subtree('450102001')).map((a) => a.id)).toEqual(['450102001', '450102001001']);
  });
});
