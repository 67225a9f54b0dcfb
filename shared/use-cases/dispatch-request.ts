/**
 * 派单, the consumer side of the dispatch queue. Idempotent on the request's id and version:
 * a message for a request that has moved on is acknowledged and ignored, so duplicate and
 * late deliveries change nothing.
 *
 * Matching requests to teams arrives with the Dispatch issue; until then every request that
 * reaches the queue is parked as WAITING, the state it will also take when no team is free.
 */
import * as z from 'zod';
import { IllegalTransitionError, ValidationError } from '#shared/domain/errors';
import { statusEvent, withStatus, type ServiceRequest } from '#shared/domain/service-request';
import type { Clock } from '#shared/ports/clock';
import type { RequestRepository } from '#shared/ports/request-repository';
import { issuesOf } from '#shared/domain/submission';
import type { Outbox } from '#shared/ports/outbox';
import { dispatchMessageId } from './submit-request';

export const dispatchMessageBody = z.strictObject({
  requestId: z.string().min(1).max(64),
  version: z.number().int().positive(),
});
export type DispatchMessageBody = z.infer<typeof dispatchMessageBody>;

export interface DispatchDeps {
  readonly requests: RequestRepository;
  readonly outbox: Outbox;
  readonly clock: Clock;
}

export type DispatchOutcome =
  | { readonly kind: 'waiting'; readonly request: ServiceRequest }
  | { readonly kind: 'skipped'; readonly reason: 'not-found' | 'already-handled' };

export function parseDispatchMessage(body: string): DispatchMessageBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError([{ field: '(body)', message: 'Not JSON' }]);
  }
  const result = dispatchMessageBody.safeParse(json);
  if (!result.success) throw new ValidationError(issuesOf(result.error));
  return result.data;
}

export async function dispatchRequest(deps: DispatchDeps, message: DispatchMessageBody): Promise<DispatchOutcome> {
  const messageId = dispatchMessageId(message.requestId, message.version);
  const request = await deps.requests.get(message.requestId);
  if (!request) return { kind: 'skipped', reason: 'not-found' };
  if (request.status !== 'SUBMITTED') {
    // Acted on already (by an earlier copy of this message, or by another path): settle it.
    await deps.outbox.remove(request.id, messageId);
    return { kind: 'skipped', reason: 'already-handled' };
  }

  const after = withStatus(request, 'WAITING', deps.clock.now().toISOString());
  try {
    await deps.requests.changeStatus({
      before: request,
      after,
      event: statusEvent(
        after,
        { zh: '已进入派单队列，等待服务队接单', en: 'In the dispatch queue, waiting for a volunteer team' },
        'system',
      ),
      settles: [messageId],
    });
    return { kind: 'waiting', request: after };
  } catch (error) {
    // Another delivery of the same message got there first.
    if (error instanceof IllegalTransitionError) return { kind: 'skipped', reason: 'already-handled' };
    throw error;
  }
}
