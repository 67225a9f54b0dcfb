/**
 * Local stack only: every notice is kept in the table (partition `DEVOUTBOX`, a week) as it
 * would have left, so a developer sees on `/dev/outbox` what teams and residents were sent.
 * SMS and email go nowhere else locally; webhooks are also really POSTed (by `webhooks`), and
 * SMS too when the local stack is set to a mainland provider (by `sms`, at its stub).
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChannelTarget } from '#shared/domain/team';
import type { NotificationSender, RenderedNotice } from '#shared/ports/notification-sender';
import { keys } from '../dynamo/keys';

export interface DevOutboxEntry {
  readonly at: string;
  readonly channel: ChannelTarget['kind'];
  /** Phone, address, or a webhook's origin and path (its query may hold a robot key). */
  readonly to: string;
  readonly format?: string;
  readonly eventId: string;
  readonly kind: RenderedNotice['kind'];
  readonly title: string;
  readonly text: string;
  readonly markdown: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** `sent` for email and SNS SMS (nothing leaves); a webhook's or mainland SMS provider's real outcome. */
  readonly outcome: string;
}

const KEEP_SECONDS = 7 * 86_400;

export class DevOutboxSender implements NotificationSender {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Sends webhooks for real. */
    private readonly webhooks: NotificationSender,
    /** Sends SMS for real when given (a mainland provider's sender). */
    private readonly sms?: NotificationSender,
  ) {}

  async send(target: ChannelTarget, notice: RenderedNotice): Promise<void> {
    let outcome = 'sent';
    try {
      if (target.kind === 'webhook') await this.webhooks.send(target, notice);
      if (target.kind === 'sms' && this.sms) await this.sms.send(target, notice);
    } catch (error) {
      outcome = `failed: ${(error as Error).message}`;
      throw error;
    } finally {
      await this.record(target, notice, outcome);
    }
  }

  private async record(target: ChannelTarget, notice: RenderedNotice, outcome: string): Promise<void> {
    const at = new Date().toISOString();
    const entry: DevOutboxEntry = {
      at,
      channel: target.kind,
      to: target.kind === 'sms' ? target.phone : target.kind === 'email' ? target.address : withoutQuery(target.url),
      ...(target.kind === 'webhook' ? { format: target.format } : {}),
      eventId: notice.eventId,
      kind: notice.kind,
      title: notice.title,
      text: notice.text,
      markdown: notice.markdown,
      data: notice.data,
      outcome,
    };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.devOutboxEntry(at, randomUUID()),
          entity: 'DevOutboxEntry',
          ttl: Math.floor(Date.now() / 1000) + KEEP_SECONDS,
          ...entry,
        },
      }),
    );
  }
}

function withoutQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** The newest entries first. */
export async function listDevOutbox(db: DynamoDBDocumentClient, tableName: string, limit = 200): Promise<DevOutboxEntry[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.devOutboxPartition },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _e, ttl: _t, ...entry }) => entry as DevOutboxEntry);
}
