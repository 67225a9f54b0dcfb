/**
 * The TeamRepository port on the single table: the team item holds the live `active` count
 * that offers raise under `active < capacity`; coverage items (one per service handled) make
 * candidates a gsi1 query per area level instead of a scan.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isWithin } from '#shared/domain/area';
import type { Team, TeamLoad } from '#shared/domain/team';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TeamExistsError, type TeamRepository } from '#shared/ports/team-repository';
import { batchGetAll, batchWriteAll } from './batch';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';

const toTeam = (item: Record<string, unknown>) => {
  const { tokenHash: _secret, ...team } = stripKeys(item);
  return { active: 0, ...team } as TeamLoad;
};

/** The item that lists a team under one service it handles, by the area it serves. */
export function coverageItem(team: Pick<Team, 'id' | 'servesAreaId'>, serviceCode: string): Record<string, unknown> {
  return {
    ...keys.teamCoverage(team.id, serviceCode),
    ...keys.coverageListing(serviceCode, team.servesAreaId, team.id),
    ...keys.coverageByArea(serviceCode, team.servesAreaId, team.id),
    entity: 'Coverage',
    teamId: team.id,
    servesAreaId: team.servesAreaId,
  };
}

export class DynamoTeamRepository implements TeamRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<TeamLoad | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.team(id), ConsistentRead: true }));
    return out.Item ? toTeam(out.Item) : undefined;
  }

  async register(team: Team, handles: readonly string[], options: { readonly mustBeNew?: boolean } = {}): Promise<void> {
    const fields = Object.entries({ entity: 'Team', ...keys.teamListing(team.stationAreaId, team.id), ...team });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.team(team.id),
          UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}, active = if_not_exists(active, :zero), recentOrders = if_not_exists(recentOrders, :none)`,
          ...(options.mustBeNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          ExpressionAttributeNames: Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])),
          ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])), ':zero': 0, ':none': {} },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new TeamExistsError(team.id);
      throw error;
    }
    const dropped = (await this.handledServices(team.id)).filter((code) => !handles.includes(code));
    await batchWriteAll(this.db, this.tableName, [
      ...dropped.map((code) => ({ DeleteRequest: { Key: keys.teamCoverage(team.id, code) } })),
      ...handles.map((code) => ({ PutRequest: { Item: coverageItem(team, code) } })),
    ]);
  }

  async stationedWithin(areaId?: string): Promise<TeamLoad[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: areaId ? 'gsi1pk = :pk AND begins_with(gsi1sk, :area)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamsPartition, ...(areaId ? { ':area': areaId } : {}) },
    });
    return items.map(toTeam).filter((t) => !areaId || isWithin(t.stationAreaId, areaId));
  }

  async setPaused(teamId: string, paused: boolean): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.team(teamId),
          UpdateExpression: 'SET paused = :paused',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':paused': paused },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async setTokenHash(teamId: string, hash: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.team(teamId),
        UpdateExpression: 'SET tokenHash = :hash',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':hash': hash },
      }),
    );
  }

  async tokenHash(teamId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.team(teamId), ProjectionExpression: 'tokenHash', ConsistentRead: true }),
    );
    return out.Item?.tokenHash as string | undefined;
  }

  async handledServices(teamId: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cover)',
      ExpressionAttributeValues: { ':pk': keys.team(teamId).pk, ':cover': keys.coveragePrefix },
    });
    return items.map((i) => String(i.sk).slice(keys.coveragePrefix.length));
  }

  async candidates(serviceCode: string, areaIds: readonly string[]): Promise<TeamLoad[]> {
    const listed = await Promise.all(
      areaIds.map((areaId) =>
        queryAll(this.db, {
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.coveragePartition(serviceCode, areaId) },
        }),
      ),
    );
    return this.load(listed.flat().map((item) => String(item.teamId)));
  }

  async servingWithin(serviceCode: string, areaId: string): Promise<TeamLoad[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :area)',
      ExpressionAttributeValues: { ':pk': keys.coverageByAreaPartition(serviceCode), ':area': areaId },
    });
    return this.load(items.filter((i) => isWithin(String(i.servesAreaId), areaId)).map((i) => String(i.teamId)));
  }

  /** The teams with these ids, read consistently with their live load. */
  private async load(teamIds: readonly string[]): Promise<TeamLoad[]> {
    const ids = [...new Set(teamIds)];
    const items = await batchGetAll(this.db, this.tableName, ids.map((id) => ({ ...keys.team(id) })), { consistentRead: true });
    return items.map(toTeam);
  }
}
