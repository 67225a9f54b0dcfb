/**
 * The TeamRepository port on the single table: the team item holds the live `active` count
 * that offers raise under `active < capacity`; coverage items (one per service handled) make
 * candidates a gsi1 query per area level instead of a scan. A new team (`create`) is one
 * transaction: its item with its first token hash, if no team has the id, and its coverage.
 * Staff's changes (`update`) write the changed fields and the coverage they imply in one
 * transaction, conditioned on the team's `version`.
 */
import { refuseEmptyArea } from '#shared/ports/area-repository';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isWithin } from '#shared/domain/area';
import type { Team, TeamChanges, TeamLoad } from '#shared/domain/team';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  CapacityBelowLoadError,
  TeamChangeContendedError,
  TeamExistsError,
  teamPage,
  type TeamPlace,
  type TeamRepository,
  type TeamUpdateOptions,
  type TeamUpdates,
} from '#shared/ports/team-repository';
import { backoff } from './backoff';
import { batchGetAll, batchWriteAll } from './batch';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';
import { cancellationReasons, failedConditionAt, transactWrite, type TransactItem } from './transaction-errors';

/** Attributes only the team's load and its own write paths keep: never set from a team's fields. */
const kept = new Set(['active', 'recentOrders', 'version', 'tokenHash']);
/** A transaction holds at most 100 items: the team item and 99 coverage writes. */
const coveragePerTransaction = 99;
/** Attempts of one change while other changes of the same team keep winning. */
const updateAttempts = 8;

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

function sameItem(stored: Record<string, unknown> | undefined, wanted: Record<string, unknown>): boolean {
  return (
    stored !== undefined &&
    Object.keys(stored).length === Object.keys(wanted).length &&
    Object.entries(wanted).every(([k, v]) => stored[k] === v)
  );
}

export class DynamoTeamRepository implements TeamRepository, TeamUpdates {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<TeamLoad | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.team(id), ConsistentRead: true }));
    return out.Item ? toTeam(out.Item) : undefined;
  }

  async create(team: Team, handles: readonly string[], tokenHash: string): Promise<void> {
    const fields = Object.fromEntries(Object.entries(team).filter(([k, v]) => !kept.has(k) && v !== undefined));
    const item = {
      ...keys.team(team.id),
      entity: 'Team',
      ...keys.teamListing(team.stationAreaId, team.id),
      ...fields,
      active: 0,
      recentOrders: {},
      version: 1,
      tokenHash,
    };
    try {
      // More than 99 services make more than 100 items: DynamoDB refuses the transaction whole.
      await transactWrite(this.db, [
        { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...handles.map((code): TransactItem => ({ Put: { TableName: this.tableName, Item: coverageItem(team, code) } })),
      ]);
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && failedConditionAt(reasons) === 0) throw new TeamExistsError(team.id);
      throw error;
    }
  }

  async register(team: Team, handles: readonly string[]): Promise<void> {
    const fields = Object.entries({ entity: 'Team', ...keys.teamListing(team.stationAreaId, team.id), ...team }).filter(
      ([k, v]) => !kept.has(k) && v !== undefined,
    );
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.team(team.id),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}, active = if_not_exists(active, :zero), recentOrders = if_not_exists(recentOrders, :none), #version = if_not_exists(#version, :zero) + :one`,
        ExpressionAttributeNames: { ...Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])), '#version': 'version' },
        ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])), ':zero': 0, ':one': 1, ':none': {} },
      }),
    );
    const dropped = (await this.handledServices(team.id)).filter((code) => !handles.includes(code));
    await batchWriteAll(this.db, this.tableName, [
      ...dropped.map((code) => ({ DeleteRequest: { Key: keys.teamCoverage(team.id, code) } })),
      ...handles.map((code) => ({ PutRequest: { Item: coverageItem(team, code) } })),
    ]);
  }

  async update(teamId: string, changes: TeamChanges, { handles, guard }: TeamUpdateOptions): Promise<TeamLoad | undefined> {
    const fields = Object.entries(changes).filter(([k, v]) => !kept.has(k) && v !== undefined);
    for (let attempt = 1; ; attempt++) {
      const item = (await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.team(teamId), ConsistentRead: true }))).Item;
      if (!item) return undefined;
      const stored = toTeam(item);
      guard?.(stored);
      if (changes.capacity !== undefined && stored.active > changes.capacity)
        throw new CapacityBelowLoadError(changes.capacity, stored.active);
      const next: TeamLoad = { ...stored, ...Object.fromEntries(fields) };
      const coverage = await this.coverageWrites(next, handles(next));
      if (fields.length === 0 && coverage.length === 0) return stored;
      try {
        await this.commit(teamId, fields, typeof item.version === 'number' ? item.version : undefined, changes.capacity, coverage);
        return await this.get(teamId);
      } catch (error) {
        // The team changed since it was read (another change, a new load above the capacity, or
        // it is gone), or other transactions held it: read it again and decide on what is there.
        const reasons = cancellationReasons(error);
        const retry = reasons !== undefined && (failedConditionAt(reasons) === 0 || reasons.some((r) => r.Code === 'TransactionConflict'));
        if (!retry) throw error;
        if (attempt >= updateAttempts) throw new TeamChangeContendedError(teamId);
        await backoff(attempt, 20);
      }
    }
  }

  /**
   * The team item's changed fields, its new version and the first coverage writes in one
   * transaction, conditioned on the version read (and on `active <= capacity` for a new
   * capacity). Coverage beyond one transaction's room follows in transactions that each raise
   * the version again; if another change got in between, that change read the team after this
   * one and writes the coverage of both, so the rest is left to it.
   */
  private async commit(
    teamId: string,
    fields: [string, unknown][],
    version: number | undefined,
    capacity: number | undefined,
    coverage: TransactItem[],
  ): Promise<void> {
    const stationAreaId = fields.find(([k]) => k === 'stationAreaId')?.[1];
    const sets = [...fields, ...(typeof stationAreaId === 'string' ? Object.entries(keys.teamListing(stationAreaId, teamId)) : [])];
    const conditions = [
      'attribute_exists(pk)',
      version === undefined ? 'attribute_not_exists(#version)' : '#version = :version',
      ...(capacity !== undefined ? ['(attribute_not_exists(#active) OR #active <= :capacity)'] : []),
    ];
    const teamUpdate: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.team(teamId),
        UpdateExpression: `SET ${[...sets.map((_, i) => `#f${i} = :v${i}`), '#version = :next'].join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: {
          ...Object.fromEntries(sets.map(([k], i) => [`#f${i}`, k])),
          '#version': 'version',
          ...(capacity !== undefined ? { '#active': 'active' } : {}),
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(sets.map(([, v], i) => [`:v${i}`, v])),
          ':next': (version ?? 0) + 1,
          ...(version !== undefined ? { ':version': version } : {}),
          ...(capacity !== undefined ? { ':capacity': capacity } : {}),
        },
      },
    };
    await transactWrite(this.db, [teamUpdate, ...coverage.slice(0, coveragePerTransaction)]);
    for (let at = coveragePerTransaction, current = (version ?? 0) + 1; at < coverage.length; at += coveragePerTransaction, current++) {
      const bump: TransactItem = {
        Update: {
          TableName: this.tableName,
          Key: keys.team(teamId),
          UpdateExpression: 'SET #version = :next',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': current, ':next': current + 1 },
        },
      };
      try {
        await transactWrite(this.db, [bump, ...coverage.slice(at, at + coveragePerTransaction)]);
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons && failedConditionAt(reasons) === 0) return;
        throw error;
      }
    }
  }

  /** The writes that make the team's coverage items exactly `handles` at its served area. */
  private async coverageWrites(team: Team, handles: readonly string[]): Promise<TransactItem[]> {
    const stored = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cover)',
      ExpressionAttributeValues: { ':pk': keys.team(team.id).pk, ':cover': keys.coveragePrefix },
      ConsistentRead: true,
    });
    const wanted = new Map(handles.map((code) => [code, coverageItem(team, code)]));
    const storedByCode = new Map(stored.map((item) => [String(item.sk).slice(keys.coveragePrefix.length), item]));
    return [
      ...[...storedByCode.keys()]
        .filter((code) => !wanted.has(code))
        .map((code): TransactItem => ({ Delete: { TableName: this.tableName, Key: keys.teamCoverage(team.id, code) } })),
      ...[...wanted]
        .filter(([code, item]) => !sameItem(storedByCode.get(code), item))
        .map(([, item]): TransactItem => ({ Put: { TableName: this.tableName, Item: item } })),
    ];
  }

  async stationedWithin(areaId?: string): Promise<TeamLoad[]> {
    refuseEmptyArea(areaId);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: areaId ? 'gsi1pk = :pk AND begins_with(gsi1sk, :area)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamsPartition, ...(areaId ? { ':area': areaId } : {}) },
    });
    return items.map(toTeam).filter((t) => !areaId || isWithin(t.stationAreaId, areaId));
  }

  async stationedPage(areaId: string | undefined, limit: number, after?: TeamPlace): Promise<{ teams: TeamLoad[]; next?: TeamPlace }> {
    refuseEmptyArea(areaId);
    const kept: TeamLoad[] = [];
    let startKey: Record<string, unknown> | undefined = after && {
      ...keys.team(after.id),
      ...keys.teamListing(after.stationAreaId, after.id),
    };
    // One more than the page, to know whether more follow; the area's prefix keeps nearly every team read.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: areaId ? 'gsi1pk = :pk AND begins_with(gsi1sk, :area)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.teamsPartition, ...(areaId ? { ':area': areaId } : {}) },
          Limit: limit + 1 - kept.length,
          ExclusiveStartKey: startKey,
        }),
      );
      kept.push(...(page.Items ?? []).map(toTeam).filter((t) => !areaId || isWithin(t.stationAreaId, areaId)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && kept.length <= limit);
    return teamPage(kept, limit);
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
    // Consistent: read straight after a change of the team's services, to offer it the work they bring.
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cover)',
      ExpressionAttributeValues: { ':pk': keys.team(teamId).pk, ':cover': keys.coveragePrefix },
      ConsistentRead: true,
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

  async servingWithin(serviceCodes: readonly string[], areaId: string): Promise<TeamLoad[]> {
    const listed = await Promise.all(
      serviceCodes.map((serviceCode) =>
        queryAll(this.db, {
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :area)',
          ExpressionAttributeValues: { ':pk': keys.coverageByAreaPartition(serviceCode), ':area': areaId },
        }),
      ),
    );
    // `load` reads each team once, however many of the services it handles.
    return this.load(
      listed
        .flat()
        .filter((i) => isWithin(String(i.servesAreaId), areaId))
        .map((i) => String(i.teamId)),
    );
  }

  /** The teams with these ids, read consistently with their live load. */
  private async load(teamIds: readonly string[]): Promise<TeamLoad[]> {
    const ids = [...new Set(teamIds)];
    const items = await batchGetAll(
      this.db,
      this.tableName,
      ids.map((id) => ({ ...keys.team(id) })),
      { consistentRead: true },
    );
    return items.map(toTeam);
  }
}
