/**
 * The TeamInvitations port on the single table: each invitation twice, in the phone's partition
 * (what the person sees) and in the team's (what the team sees), written and removed together in
 * one transaction. Declining removes only the phone's: the team's lapses as if nobody had
 * answered, so a team cannot tell a decline from a phone nobody registered; inviting again puts
 * the phone's back, the same invitation (a decline can be undone). Accepting removes both
 * and writes both halves of the membership in that same transaction, on the condition that this
 * very invitation is still pending, so two accepts at once make one membership and an invitation
 * withdrawn meanwhile makes none. Expired items are read as gone; the table's TTL removes them a
 * day later.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/domain/errors';
import { type TeamInvitation, invitationTeamOf } from '#shared/domain/team-invitation';
import type { TeamInvitations } from '#shared/ports/team-invitations';
import { keys } from './keys';
import { queryAll } from './query';
import { cancellationReasons, type TransactItem, transactWrite } from './transaction-errors';

const KEEP_SECONDS = 24 * 60 * 60;
/** Tries at making an invitation while a pending one keeps coming and going. */
const INVITE_ATTEMPTS = 3;

const failedCondition = (error: unknown) => cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed') === true;

export class DynamoTeamInvitations implements TeamInvitations {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async invite(invitation: TeamInvitation, now: Date): Promise<TeamInvitation> {
    const put = (key: { pk: string; sk: string }) => this.halfPut(key, invitation, now);
    const { teamId, phoneKey } = invitation;
    // A pending one that is answered or withdrawn between the refusal and the read: try again.
    for (let attempt = 0; attempt < INVITE_ATTEMPTS; attempt++) {
      try {
        await transactWrite(this.db, [put(keys.invitation(phoneKey, teamId)), put(keys.teamInvitation(teamId, phoneKey))]);
        return invitation;
      } catch (error) {
        if (!failedCondition(error)) throw error;
      }
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.teamInvitation(teamId, phoneKey), ConsistentRead: true }),
      );
      if (out.Item && String(out.Item.expiresAt) > now.toISOString()) {
        const pending = invitationOf(out.Item);
        await this.offerAgain(pending, now);
        return pending;
      }
    }
    throw new ConflictError('An invitation for this phone changed while it was being made; try again');
  }

  /**
   * The team invites again while its half waits: if the phone declined it, the phone's half is put
   * back (the same invitation), on condition that the team's half is still this one. Otherwise
   * (the phone's half there, or the team's answered or withdrawn meanwhile) nothing changes. The
   * same one transaction either way, with no read first, so the team's answer takes no longer
   * after a decline: its time does not tell one.
   */
  private async offerAgain(pending: TeamInvitation, now: Date): Promise<void> {
    await transactWrite(this.db, [
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.teamInvitation(pending.teamId, pending.phoneKey),
          ConditionExpression: '#id = :id AND expiresAt > :now',
          ExpressionAttributeNames: { '#id': 'id' },
          ExpressionAttributeValues: { ':id': pending.id, ':now': now.toISOString() },
        },
      },
      this.halfPut(keys.invitation(pending.phoneKey, pending.teamId), pending, now),
    ]).catch((error: unknown) => {
      if (!failedCondition(error)) throw error;
    });
  }

  /** One half of an invitation, put unless a pending one is there (an expired one TTL has not removed yet is replaced). */
  private halfPut(key: { pk: string; sk: string }, invitation: TeamInvitation, now: Date): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key, entity: 'TeamInvitation', ...invitation, ttl: Math.floor(Date.parse(invitation.expiresAt) / 1000) + KEEP_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      },
    };
  }

  async forPhone(phoneKey: string, now: Date): Promise<TeamInvitation[]> {
    return this.pending(keys.invitationsPartition(phoneKey), now);
  }

  async ofTeam(teamId: string, now: Date): Promise<TeamInvitation[]> {
    return this.pending(keys.teamInvitationsPartition(teamId), now);
  }

  async accept(id: string, phoneKey: string, volunteerId: string, now: Date): Promise<'accepted' | 'gone'> {
    const teamId = invitationTeamOf(id);
    if (!teamId) return 'gone';
    const half = (key: { pk: string; sk: string }): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: key,
        // A member already (staff attached them, or an earlier invitation): the first `since` stays.
        UpdateExpression: 'SET entity = :entity, teamId = :team, volunteerId = :person, since = if_not_exists(since, :since)',
        ExpressionAttributeValues: { ':entity': 'Membership', ':team': teamId, ':person': volunteerId, ':since': now.toISOString() },
      },
    });
    try {
      await transactWrite(this.db, [
        ...this.removal(id, phoneKey, teamId, now),
        half(keys.teamMember(teamId, volunteerId)),
        half(keys.personTeam(volunteerId, teamId)),
      ]);
      return 'accepted';
    } catch (error) {
      if (failedCondition(error)) return 'gone';
      throw error;
    }
  }

  async decline(id: string, phoneKey: string, now: Date): Promise<boolean> {
    const teamId = invitationTeamOf(id);
    return teamId ? this.remove([this.pendingDelete(keys.invitation(phoneKey, teamId), id, now)]) : false;
  }

  async withdraw(id: string, now: Date): Promise<boolean> {
    const teamId = invitationTeamOf(id);
    const pending = teamId ? (await this.ofTeam(teamId, now)).find((i) => i.id === id) : undefined;
    if (!pending) return false;
    // The person's half is gone already when they declined: the team's half goes all the same.
    const personHalf = keys.invitation(pending.phoneKey, pending.teamId);
    return this.remove([
      this.pendingDelete(keys.teamInvitation(pending.teamId, pending.phoneKey), id, now),
      {
        Delete: {
          TableName: this.tableName,
          Key: personHalf,
          ConditionExpression: 'attribute_not_exists(pk) OR #id = :id',
          ExpressionAttributeNames: { '#id': 'id' },
          ExpressionAttributeValues: { ':id': id },
        },
      },
    ]);
  }

  private async remove(items: TransactItem[]): Promise<boolean> {
    try {
      await transactWrite(this.db, items);
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  /** Removes the item at `Key` on the condition that it holds the pending invitation `id`. */
  private pendingDelete(Key: { pk: string; sk: string }, id: string, now: Date): TransactItem {
    return {
      Delete: {
        TableName: this.tableName,
        Key,
        ConditionExpression: '#id = :id AND expiresAt > :now',
        ExpressionAttributeNames: { '#id': 'id' },
        ExpressionAttributeValues: { ':id': id, ':now': now.toISOString() },
      },
    };
  }

  /** Both items of the invitation `id`, on the condition that it is the one pending. */
  private removal(id: string, phoneKey: string, teamId: string, now: Date): TransactItem[] {
    return [keys.invitation(phoneKey, teamId), keys.teamInvitation(teamId, phoneKey)].map((Key) => this.pendingDelete(Key, id, now));
  }

  private async pending(pk: string, now: Date): Promise<TeamInvitation[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':pk': pk, ':now': now.toISOString() },
      ConsistentRead: true,
    });
    return items.map(invitationOf).sort((a, b) => a.invitedAt.localeCompare(b.invitedAt) || a.id.localeCompare(b.id));
  }
}

function invitationOf(item: Record<string, unknown>): TeamInvitation {
  const text = (name: string) => String(item[name]);
  return {
    id: text('id'),
    teamId: text('teamId'),
    phoneKey: text('phoneKey'),
    maskedPhone: text('maskedPhone'),
    invitedAt: text('invitedAt'),
    expiresAt: text('expiresAt'),
  };
}
