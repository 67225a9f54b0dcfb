/** The TeamRepository port on the single table. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Team } from '#shared/domain/team';
import type { TeamRepository } from '#shared/ports/team-repository';
import { keys } from './keys';
import { stripKeys } from './query';

export class DynamoTeamRepository implements TeamRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Team | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.team(id) }));
    return out.Item ? (stripKeys(out.Item) as Team) : undefined;
  }

  async put(team: Team): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.team(team.id), entity: 'Team', ...team } }));
  }
}
