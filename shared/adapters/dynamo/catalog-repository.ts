/** The CatalogRepository port: the whole menu is one gsi1 query. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Category, Menu, Service } from '#shared/domain/catalog';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';

export class DynamoCatalogRepository implements CatalogRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async menu(): Promise<Menu> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.menuPartition },
    });
    return {
      categories: items.filter((i) => i.entity === 'Category').map((i) => stripKeys(i) as Category),
      services: items.filter((i) => i.entity === 'Service').map((i) => stripKeys(i) as Service),
    };
  }

  async getService(code: string): Promise<Service | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.service(code) }));
    return out.Item ? (stripKeys(out.Item) as Service) : undefined;
  }

  async putCategory(category: Category): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.category(category.code),
          ...keys.menuEntryOfCategory(category.order, category.code),
          entity: 'Category',
          ...category,
        },
      }),
    );
  }

  async putService(service: Service): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.service(service.code), ...keys.menuEntryOfService(service.category, service.code), entity: 'Service', ...service },
      }),
    );
  }
}
