/**
 * Inviting while the pending invitation for the same phone is answered or withdrawn: the
 * transaction is refused for the pending one, which is gone by the time it is read. The faults
 * are injected (DynamoDB Local cannot be stopped between the two calls).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoTeamInvitations } from '#shared/adapters/dynamo/team-invitations';
import { ConflictError } from '#shared/domain/errors';
import { newInvitation } from '#shared/domain/team-invitation';

const db = mockClient(DynamoDBDocumentClient);
const invitations = new DynamoTeamInvitations(db as unknown as DynamoDBDocumentClient, 'table');
const KEY = Buffer.alloc(32, 7);
const NOW = new Date('2026-12-06T02:00:00.000Z');
const invitation = newInvitation(KEY, 'keda-team', '+8613912345678', '139****5678', NOW);
const pendingRefused = () =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
  });

beforeEach(() => db.reset());

describe('DynamoTeamInvitations.invite, racing an answer or a withdrawal', () => {
  it('makes the invitation when the pending one it was refused for is gone by the time it is read', async () => {
    db.on(TransactWriteCommand).rejectsOnce(pendingRefused()).resolves({});
    db.on(GetCommand).resolves({});
    expect(await invitations.invite(invitation, NOW)).toEqual(invitation);
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('answers with the pending one when it is still there, expired ones aside', async () => {
    const pending = { ...newInvitation(KEY, 'keda-team', '+8613912345678', '139****5678', new Date('2026-12-01T00:00:00.000Z')) };
    const lapsed = { ...pending, id: `${pending.id}x`, expiresAt: '2026-12-06T01:00:00.000Z' };
    db.on(TransactWriteCommand).rejects(pendingRefused());
    db.on(GetCommand)
      .resolvesOnce({ Item: { pk: 'p', sk: 's', ...lapsed } })
      .resolves({ Item: { pk: 'p', sk: 's', ...pending } });
    expect(await invitations.invite(invitation, NOW)).toEqual(pending);
  });

  it('is a conflict (409), not a 500, when the pending one keeps coming and going', async () => {
    db.on(TransactWriteCommand).rejects(pendingRefused());
    db.on(GetCommand).resolves({});
    await expect(invitations.invite(invitation, NOW)).rejects.toBeInstanceOf(ConflictError);
  });
});
