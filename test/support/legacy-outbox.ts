import type { OutboxMessage } from '#shared/domain/outbox-message';

/**
 * An outbox message as the versions before wrote it: beside its request, found by the relay on
 * gsi2 by due time. For the upgrade tests only; the current version never writes this shape.
 */
export function legacyOutboxItem(message: Omit<OutboxMessage, 'queue'> & { queue: string }): Record<string, unknown> {
  return {
    pk: `REQ#${message.requestId}`,
    sk: `OUTBOX#${message.id}`,
    gsi2pk: 'OUTBOX',
    gsi2sk: `${message.dueAt}#${message.id}`,
    entity: 'OutboxMessage',
    ...message,
  };
}
