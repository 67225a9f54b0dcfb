/**
 * The local provisioning (infra/local/provision.ts): a table kept from an earlier run
 * (`--data-dir`) is given the indexes the topology added since, filled from its items, as a deploy
 * does on AWS; without it the admins' list would query a gsi4 the table lacks.
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createTable } from '#infra/local/provision';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { requestItem } from '#shared/adapters/dynamo/request-items';
import { topology } from '#shared/topology/topology';
import { requestFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });

it('gives a table from before gsi4 the index, with the requests stored before it', async () => {
  const db = local().stack.dynamodb;
  const tableName = `${local().stack.tableName}-kept`;
  const before = { ...topology.table, indexes: topology.table.indexes.filter((index) => index.name !== 'gsi4') };
  await createTable(db, tableName, before);
  try {
    const createdAt = '2026-10-02T00:00:00.000Z';
    const request = requestFixture({ id: 'kept1', areaId: '370995001001', createdAt, updatedAt: createdAt });
    const doc = createDocumentClient(db);
    await doc.send(new PutCommand({ TableName: tableName, Item: requestItem(request) }));

    await createTable(db, tableName, topology.table);
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi3pk = :pk AND createdAt <= :at',
        ExpressionAttributeValues: { ':pk': keys.adminListingPartition('370995', '2026-10'), ':at': createdAt },
      }),
    );
    expect((out.Items ?? []).map(keys.createdEntryOf)).toEqual([{ createdAt, id: 'kept1', areaId: '370995001001' }]);
    // Once more: nothing left to add.
    await createTable(db, tableName, topology.table);
  } finally {
    await db.send(new DeleteTableCommand({ TableName: tableName }));
  }
});
