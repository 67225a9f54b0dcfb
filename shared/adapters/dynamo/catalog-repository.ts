/** The CatalogRepository port: the whole menu is one gsi1 query. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Category, Menu, Service } from '#shared/domain/catalog';
import type { EarlierForm } from '#shared/domain/service-forms';
import { type CatalogRepository, type Edited, type EditedMenu, type MenuSave, stamped, unstamped } from '#shared/ports/catalog-repository';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';
import { cancellationReasons, failedConditionAt, transactWrite } from './transaction-errors';

export class DynamoCatalogRepository implements CatalogRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async items(): Promise<Record<string, unknown>[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.menuPartition },
    });
    return items.map((i) => ({ entity: i.entity, ...stripKeys(i) }));
  }

  async menu(): Promise<Menu> {
    const items = await this.items();
    const of = <T>(entity: string) => items.filter((i) => i.entity === entity).map(({ entity: _e, ...i }) => unstamped<T>(i));
    return { categories: of<Category>('Category'), services: of<Service>('Service') };
  }

  async editedMenu(): Promise<EditedMenu> {
    const items = await this.items();
    const of = <T>(entity: string) => items.filter((i) => i.entity === entity).map(({ entity: _e, ...i }) => stamped<T>(i));
    return { categories: of<Category>('Category'), services: of<Service>('Service') };
  }

  async getService(code: string, consistent = false): Promise<Service | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.service(code), ConsistentRead: consistent }));
    return out.Item ? unstamped<Service>(stripKeys(out.Item)) : undefined;
  }

  async editedService(code: string): Promise<Edited<Service> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.service(code) }));
    return out.Item ? stamped<Service>(stripKeys(out.Item)) : undefined;
  }

  async putCategory(category: Category): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: categoryItem(category) }));
  }

  async putService(service: Service): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: serviceItem(service) }));
  }

  async saveCategory(category: Category, save: MenuSave): Promise<boolean> {
    return this.save(categoryItem(category), save);
  }

  async saveService(service: Service, save: MenuSave, replaced?: EarlierForm): Promise<boolean> {
    return this.save(serviceItem(service), save, replaced && { ...keys.earlierServiceForm(replaced.code, replaced.until), ...replaced });
  }

  async earlierForms(code?: string): Promise<EarlierForm[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: code === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :code)',
      ExpressionAttributeValues: { ':pk': keys.earlierServiceFormsPartition, ...(code === undefined ? {} : { ':code': `${code}#` }) },
    });
    return items.map((i) => stripKeys(i) as unknown as EarlierForm).sort((a, b) => a.until.localeCompare(b.until));
  }

  /** The item, at the next version, while still at the one seen; with `beside`, that item in the same transaction. */
  private async save(item: Record<string, unknown>, save: MenuSave, beside?: Record<string, unknown>): Promise<boolean> {
    const put = {
      TableName: this.tableName,
      Item: { ...item, version: save.expectedVersion + 1, updatedAt: save.at, updatedBy: save.by },
      // Version 0: no item, or one seeded or stored before versions (no version attribute).
      ConditionExpression: save.expectedVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ...(save.expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':version': save.expectedVersion } }),
    };
    try {
      if (beside) await transactWrite(this.db, [{ Put: put }, { Put: { TableName: this.tableName, Item: beside } }]);
      else await this.db.send(new PutCommand(put));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || failedConditionAt(cancellationReasons(error) ?? []) === 0) return false;
      throw error;
    }
  }
}

function categoryItem(category: Category): Record<string, unknown> {
  return { ...keys.category(category.code), ...keys.menuEntryOfCategory(category.order, category.code), entity: 'Category', ...category };
}

function serviceItem(service: Service): Record<string, unknown> {
  return { ...keys.service(service.code), ...keys.menuEntryOfService(service.category, service.code), entity: 'Service', ...service };
}
