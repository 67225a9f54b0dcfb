/**
 * The volunteer statistics on the single table (`VSTATS#<area>` / `<month>`): each registered
 * person's service of a request counted once by its marker (`VSERVED#<person>#<request>`, which
 * keeps the area, month, hours and version it counts), brought to an hours correction's hours
 * and taken back for an upheld complaint, each once; and each person active once per area and
 * month (`VACTIVE`). Registrations are counted in the registration's own write (`volunteer-registry.ts`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { lineage } from '#shared/domain/area';
import type { CountedService, VolunteerMonth, VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';

interface ServiceFigures {
  readonly areaId: string;
  readonly month: string;
  readonly hours: number;
}

const tidy = (n: number) => Math.round(n * 10_000) / 10_000;

export class DynamoVolunteerStats implements Pick<VolunteerRegistry, 'countService' | 'uncountService' | 'monthly'> {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async countService(service: CountedService): Promise<void> {
    const marker = keys.volunteerServiceCounted(service.volunteerId, service.requestId);
    const version = service.version ?? 0;
    const counted = await this.countedService(marker, service, version);
    // A service taken back (or never to count: its credit was voided first), or at zero hours, makes no one active.
    if (!counted) return;
    // The person, active once per area and month: each area its own marker, as they may have served in another part of it before.
    for (const areaId of lineage(counted.areaId))
      await this.once(keys.volunteerActive(areaId, counted.month, service.volunteerId), [
        this.stats(areaId, counted.month, 'active :one', { ':one': 1 }),
      ]);
  }

  /**
   * The service and its hours: once per person and request, in every area of its place; the
   * marker keeps what it counted (for `uncountService`, and for a correction to count the
   * difference, conditional on the marker as read and on no later version). Answers where the
   * service counts now, if it does.
   */
  private async countedService(
    marker: { readonly pk: string; readonly sk: string },
    service: CountedService,
    version: number,
  ): Promise<{ areaId: string; month: string } | undefined> {
    const kept = { areaId: service.areaId, month: service.month, hours: service.hours, version };
    const place = { areaId: service.areaId, month: service.month };
    // Each pass finds the marker as another writer left it.
    for (let attempt = 1; attempt <= 4; attempt++) {
      const { Item: item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: marker, ConsistentRead: true }));
      if (!item) {
        const first = await this.once(marker, this.serviceChanges(undefined, kept), kept);
        if (first === 'written') return service.hours > 0 ? place : undefined;
        continue;
      }
      if (item.uncounted === true) return undefined;
      // Counted before the marker kept its figures: nothing to count a difference from.
      if (typeof item.areaId !== 'string' || typeof item.month !== 'string' || typeof item.hours !== 'number')
        return service.hours > 0 ? place : undefined;
      const was = { areaId: item.areaId, month: item.month, hours: item.hours };
      const standing = was.hours > 0 ? { areaId: was.areaId, month: was.month } : undefined;
      // Newer hours counted already: this call is a stale correction's.
      if (Number(item.version ?? 0) > version) return standing;
      if (was.hours === service.hours) {
        // The same hours: a repeat, or a later correction back to them, whose version is kept so an
        // earlier correction arriving late stays stale.
        if (Number(item.version ?? 0) === version || (await this.keptVersion(marker, was.hours, version))) return standing;
        continue;
      }
      // At zero the service counts nowhere: its place stays as it was.
      const now = service.hours > 0 ? kept : { ...was, hours: 0, version };
      try {
        await transactWrite(this.db, [
          {
            Update: {
              TableName: this.tableName,
              Key: marker,
              UpdateExpression: 'SET areaId = :area, #month = :month, hours = :hours, version = :version',
              ConditionExpression:
                'attribute_exists(pk) AND attribute_not_exists(uncounted) AND hours = :was AND (attribute_not_exists(version) OR version <= :version)',
              ExpressionAttributeNames: { '#month': 'month' },
              ExpressionAttributeValues: {
                ':area': now.areaId,
                ':month': now.month,
                ':hours': now.hours,
                ':version': version,
                ':was': was.hours,
              },
            },
          },
          ...this.serviceChanges(was, now),
        ]);
        return service.hours > 0 ? place : undefined;
      } catch (error) {
        // Changed meanwhile (another correction, a void): the next pass finds it so.
        if (cancellationReasons(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
      }
    }
    throw new Error(`The service of ${service.requestId} kept changing while it was counted`);
  }

  /** Marks the marker as counted by `version` with its hours unchanged; false when it changed meanwhile. */
  private async keptVersion(marker: { readonly pk: string; readonly sk: string }, hours: number, version: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: marker,
          UpdateExpression: 'SET version = :version',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(uncounted) AND hours = :hours AND (attribute_not_exists(version) OR version < :version)',
          ExpressionAttributeValues: { ':hours': hours, ':version': version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The statistics' updates that take `was` (a service as counted) to `now`: a service counts while its hours are above zero. */
  private serviceChanges(was: ServiceFigures | undefined, now: ServiceFigures) {
    const changes = new Map<string, { areaId: string; month: string; services: number; hours: number }>();
    const add = ({ areaId, month, hours }: ServiceFigures, sign: 1 | -1) => {
      if (hours <= 0) return;
      for (const id of lineage(areaId)) {
        const key = `${id}|${month}`;
        const change = changes.get(key) ?? { areaId: id, month, services: 0, hours: 0 };
        changes.set(key, { ...change, services: change.services + sign, hours: tidy(change.hours + sign * hours) });
      }
    };
    if (was) add(was, -1);
    add(now, 1);
    return [...changes.values()]
      .filter((change) => change.services !== 0 || change.hours !== 0)
      .map(({ areaId, month, services, hours }) =>
        this.stats(areaId, month, 'services :services, hours :hours', { ':services': services, ':hours': hours }),
      );
  }

  async uncountService(volunteerId: string, requestId: string): Promise<void> {
    const marker = keys.volunteerServiceCounted(volunteerId, requestId);
    // Each pass finds the marker as another writer left it; two passes settle any race.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { Item: item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: marker, ConsistentRead: true }));
      if (!item) {
        // Not counted yet: a marker that counts nothing, so a count that comes later (a posting
        // that raced the void) finds it and counts nothing either.
        if ((await this.once(marker, [], { uncounted: true })) === 'written') return;
        continue;
      }
      if (item.uncounted === true) return;
      // Counted before the marker kept its figures: nothing to take back by.
      if (typeof item.areaId !== 'string' || typeof item.month !== 'string' || typeof item.hours !== 'number') return;
      const { areaId, month, hours } = item;
      try {
        await transactWrite(this.db, [
          {
            Update: {
              TableName: this.tableName,
              Key: marker,
              UpdateExpression: 'SET uncounted = :true',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(uncounted)',
              ExpressionAttributeValues: { ':true': true },
            },
          },
          ...this.serviceChanges({ areaId, month, hours }, { areaId, month, hours: 0 }),
        ]);
        return;
      } catch (error) {
        // Taken back meanwhile by a twin: the next pass finds it so.
        if (cancellationReasons(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
      }
    }
    throw new Error(`The service of ${requestId} kept changing while it was taken back`);
  }

  private stats(areaId: string, month: string, add: string, values: Record<string, number>) {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.volunteerStats(areaId, month),
        UpdateExpression: `SET entity = :entity ADD ${add}`,
        ExpressionAttributeValues: { ':entity': 'VolunteerStats', ...values },
      },
    };
  }

  /**
   * The marker put with its counts, once: `written`, or (put before, so are its counts) `there`,
   * or `uncounted` when the marker there is one of a service taken back.
   */
  private async once(
    marker: { readonly pk: string; readonly sk: string },
    updates: ReturnType<DynamoVolunteerStats['stats']>[],
    kept: Record<string, unknown> = {},
  ): Promise<'written' | 'there' | 'uncounted'> {
    try {
      await transactWrite(this.db, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...marker, ...kept, entity: 'VolunteerStatsMarker' },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...updates,
      ]);
      return 'written';
    } catch (error) {
      const reason = cancellationReasons(error)?.[0];
      if (reason?.Code !== 'ConditionalCheckFailed') throw error;
      // The SDK leaves a cancellation's item in wire format.
      const uncounted = (reason.Item?.uncounted as { BOOL?: boolean } | undefined)?.BOOL;
      return uncounted ? 'uncounted' : 'there';
    }
  }

  async monthly(areaId: string, fromMonth: string, toMonth: string): Promise<VolunteerMonth[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.volunteerStatsPartition(areaId), ':from': fromMonth, ':to': toMonth },
    });
    return items.map((i) => ({
      month: String(i.sk),
      registered: Number(i.registered ?? 0),
      active: Number(i.active ?? 0),
      services: Number(i.services ?? 0),
      hours: Number(i.hours ?? 0),
    }));
  }
}
