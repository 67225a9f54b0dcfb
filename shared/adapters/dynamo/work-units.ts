/** The WorkUnits port on the single table: `UNIT#<id>`, listed on gsi1 `UNITS` by area. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkUnit } from '#shared/domain/work-unit';
import type { WorkUnits } from '#shared/ports/work-units';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';

export class DynamoWorkUnits implements WorkUnits {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async register(unit: WorkUnit): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.workUnit(unit.id), ...keys.workUnitListing(unit.areaId, unit.id), entity: 'WorkUnit', ...unit },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<WorkUnit | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.workUnit(id) }));
    return out.Item ? (stripKeys(out.Item) as unknown as WorkUnit) : undefined;
  }

  async within(areaId?: string): Promise<WorkUnit[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: areaId ? 'gsi1pk = :pk AND begins_with(gsi1sk, :area)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.workUnitPartition, ...(areaId ? { ':area': areaId } : {}) },
    });
    return items.map((item) => stripKeys(item) as unknown as WorkUnit);
  }
}
