/**
 * The VolunteerRegistry port on the single table: the person's item with their teams in its
 * partition, a phone item and an identity item (each keyed by a hash) that make those unique,
 * and each team's members in a partition of their own. Registration and membership are each one
 * transaction, so a person is never half registered and a membership never half written; so is a
 * change of phone, so a person never has two phone items or none, and a move of their home
 * community with its record beside the person.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lineage } from '#shared/domain/area';
import { newRequestId, sha256 } from '#shared/domain/identifiers';
import { orderMonth } from '#shared/domain/team';
import type { Volunteer } from '#shared/domain/volunteer';
import type { HomeMove } from '#shared/domain/volunteer-move';
import type { CountedService, Membership, VolunteerMonth, VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { keys } from './keys';
import { queryAll, stripKeys } from './query';
import { cancellationReasons, transactWrite } from './transaction-errors';
import { DynamoVolunteerStats } from './volunteer-stats';

const unlessConditionFailed = (error: unknown) => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

export class DynamoVolunteerRegistry implements VolunteerRegistry {
  /** The volunteer statistics: services, hours and active people counted (`volunteer-stats.ts`). */
  private readonly counts: DynamoVolunteerStats;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.counts = new DynamoVolunteerStats(db, tableName);
  }

  async register(volunteer: Volunteer): Promise<'registered' | 'phone-taken' | 'identity-taken'> {
    const unique = (key: { pk: string; sk: string }, entity: string) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...key, entity, volunteerId: volunteer.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    try {
      await transactWrite(this.db, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.person(volunteer.id), entity: 'Volunteer', ...volunteer },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        unique(keys.personPhone(sha256(volunteer.phone)), 'VolunteerPhone'),
        ...(volunteer.identity ? [unique(keys.personIdentity(volunteer.identity.hash), 'VolunteerIdentity')] : []),
        // Counted with the registration itself: once, whatever is retried.
        ...lineage(volunteer.homeAreaId).map((areaId) => ({
          Update: {
            TableName: this.tableName,
            Key: keys.volunteerStats(areaId, orderMonth(new Date(volunteer.registeredAt))),
            UpdateExpression: 'SET entity = :entity ADD registered :one',
            ExpressionAttributeValues: { ':entity': 'VolunteerStats', ':one': 1 },
          },
        })),
      ]);
      return 'registered';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'phone-taken';
      if (reasons?.[2]?.Code === 'ConditionalCheckFailed') return 'identity-taken';
      throw error;
    }
  }

  async get(id: string): Promise<Volunteer | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.person(id), ConsistentRead: true }));
    return out.Item ? volunteerOf(out.Item) : undefined;
  }

  async findByPhone(phone: string): Promise<Volunteer | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.personPhone(sha256(phone)), ConsistentRead: true }),
    );
    if (typeof out.Item?.volunteerId !== 'string') return undefined;
    // Two reads: a phone change committed between them leaves the person with another number
    // (and a newer session version), who is no longer this phone's.
    const person = await this.get(out.Item.volunteerId);
    return person?.phone === phone ? person : undefined;
  }

  async changePhone(id: string, from: string, to: string): Promise<'changed' | 'unchanged' | 'phone-taken' | 'stale'> {
    if (from === to) return (await this.get(id))?.phone === to ? 'unchanged' : 'stale';
    try {
      await transactWrite(this.db, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.personPhone(sha256(to)), entity: 'VolunteerPhone', volunteerId: id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // Only the person's own phone item goes (one missing is no loss; another's is never taken).
          Delete: {
            TableName: this.tableName,
            Key: keys.personPhone(sha256(from)),
            ConditionExpression: 'attribute_not_exists(pk) OR volunteerId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        },
        {
          // On the phone it had: of two changes at once, the second finds it changed and writes nothing.
          Update: {
            TableName: this.tableName,
            Key: keys.person(id),
            UpdateExpression: 'SET #phone = :to, sessionVersion = if_not_exists(sessionVersion, :zero) + :one',
            ConditionExpression: 'attribute_exists(pk) AND #phone = :from',
            ExpressionAttributeNames: { '#phone': 'phone' },
            ExpressionAttributeValues: { ':to': to, ':from': from, ':zero': 0, ':one': 1 },
          },
        },
      ]);
      return 'changed';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[2]?.Code === 'ConditionalCheckFailed') return 'stale';
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'phone-taken';
      throw error;
    }
  }

  async moveHome(move: HomeMove): Promise<'moved' | 'stale'> {
    try {
      await transactWrite(this.db, [
        {
          // On the home it had: of two moves at once, the second finds it moved and writes nothing.
          Update: {
            TableName: this.tableName,
            Key: keys.person(move.volunteerId),
            UpdateExpression: 'SET homeAreaId = :to',
            ConditionExpression: 'attribute_exists(pk) AND homeAreaId = :from',
            ExpressionAttributeValues: { ':to': move.to, ':from': move.from },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.personMove(move.volunteerId, move.at, newRequestId()), entity: 'VolunteerMove', ...move },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return 'moved';
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return 'stale';
      throw error;
    }
  }

  async movesOf(volunteerId: string): Promise<HomeMove[]> {
    return (await this.personItems(volunteerId, keys.personMovePrefix)).map(moveOf);
  }

  async addMember(membership: Membership): Promise<void> {
    const item = (key: { pk: string; sk: string }) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...key, entity: 'Membership', ...membership },
        // Again: the first `since` stays (the condition fails on both items together).
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const halves = [keys.teamMember(membership.teamId, membership.volunteerId), keys.personTeam(membership.volunteerId, membership.teamId)];
    try {
      await transactWrite(this.db, halves.map(item));
    } catch (error) {
      if (!cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) throw error;
      // A member already, or half of one (written before removals became one transaction): each
      // missing half is written, each present one keeps its `since`.
      for (const half of halves) await this.db.send(new PutCommand(item(half).Put)).catch(unlessConditionFailed);
    }
  }

  async removeMember(teamId: string, volunteerId: string): Promise<boolean> {
    try {
      await transactWrite(this.db, [
        { Delete: { TableName: this.tableName, Key: keys.teamMember(teamId, volunteerId), ConditionExpression: 'attribute_exists(pk)' } },
        { Delete: { TableName: this.tableName, Key: keys.personTeam(volunteerId, teamId) } },
      ]);
      return true;
    } catch (error) {
      if (!cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) throw error;
      // Not a member; the person's half of an older membership, if left, goes too.
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.personTeam(volunteerId, teamId) }));
      return false;
    }
  }

  async members(teamId: string): Promise<Membership[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamMembersPartition(teamId) },
      ConsistentRead: true,
    });
    return items.map(membershipOf);
  }

  countService(service: CountedService): Promise<void> {
    return this.counts.countService(service);
  }

  uncountService(volunteerId: string, requestId: string): Promise<void> {
    return this.counts.uncountService(volunteerId, requestId);
  }

  monthly(areaId: string, fromMonth: string, toMonth: string): Promise<VolunteerMonth[]> {
    return this.counts.monthly(areaId, fromMonth, toMonth);
  }

  async teamsOf(volunteerId: string): Promise<Membership[]> {
    return (await this.personItems(volunteerId, keys.personTeamPrefix)).map(membershipOf);
  }

  /** The items of one kind (`prefix`) in the person's partition, in sort key order. */
  private personItems(volunteerId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.personPartition(volunteerId), ':prefix': prefix },
      ConsistentRead: true,
    });
  }
}

function volunteerOf(item: Record<string, unknown>): Volunteer {
  return stripKeys(item) as unknown as Volunteer;
}

function moveOf(item: Record<string, unknown>): HomeMove {
  const text = (name: keyof HomeMove) => String(item[name]);
  return { volunteerId: text('volunteerId'), from: text('from'), to: text('to'), at: text('at'), by: text('by'), detail: text('detail') };
}

function membershipOf(item: Record<string, unknown>): Membership {
  return { teamId: String(item.teamId), volunteerId: String(item.volunteerId), since: String(item.since) };
}
