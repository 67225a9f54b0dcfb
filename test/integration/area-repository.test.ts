import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAreaRepository } from '#shared/adapters/dynamo/area-repository';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { areaRepositoryContract, contractAreas } from '../support/area-repository-contract';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });
beforeAll(async () => {
  // An empty table: marked listed at once, so the contract runs on the listings.
  expect(await local().adapters.areas.ensureListed()).toBe(0);
  await local().adapters.areas.putMany(contractAreas);
});

areaRepositoryContract('DynamoAreaRepository on DynamoDB Local', () => local().adapters.areas);

describe('the level and name reads, once the table is marked listed', () => {
  it('read the listings, not the subtree: an item listed there alone (no gsi1 entry) is found', async () => {
    const { stack, adapters } = local();
    const db = createDocumentClient(stack.dynamodb);
    const stored = await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.area('440303001001') }));
    expect(stored.Item).toMatchObject({ gsi2pk: 'AREALEVEL#community', gsi3pk: 'AREANAME#4403', gsi3sk: '黄贝社区#440303001001' });
    const unlisted = {
      id: '440303001009',
      level: 'community',
      name: { zh: '黄木社区', en: 'Huangmu' },
      officialName: '黄木社区',
      kind: '社区',
    };
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...keys.area(unlisted.id),
          ...keys.areaLevelListing(unlisted.id),
          ...keys.communityNameListing(unlisted.id, '黄木社区'),
          ...unlisted,
        },
      }),
    );
    const areas = new DynamoAreaRepository(db, stack.tableName);
    expect((await areas.childrenOf('440303001')).map((a) => a.id)).toContain('440303001009');
    expect((await areas.communitiesNamed('4403', '黄木', 10)).map((a) => a.id)).toEqual(['440303001009']);
    expect((await adapters.areas.subtree('440303001')).map((a) => a.id)).not.toContain('440303001009');
  });
});
