/**
 * Gives an offer back (the team declined, or its deadline passed): the team's capacity returns
 * exactly once, the request is queued for the next team (or escalated after the last automatic
 * offer), and the freed team is offered the waiting requests it can serve.
 */
import { release, type DeclineReason, type ReleaseCause } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import { dispatchMessage, OUTBOX_GRACE_SECONDS } from './submit-request';
import type { DispatchDeps } from './dispatch-request';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { offerWaitingTo } from './offer-waiting';

export interface ReleaseDeps extends DispatchDeps {
  readonly publisher: QueuePublisher;
}

export async function releaseOffer(
  deps: ReleaseDeps,
  request: ServiceRequest,
  cause: ReleaseCause,
  declineReason?: DeclineReason,
  note?: string,
): Promise<'released' | 'request-changed'> {
  const now = deps.clock.now();
  const service = await deps.catalog.getService(request.serviceCode);
  const { after, event, teamId } = release(request, cause, now, service, declineReason, note);
  const requeue =
    after.status === 'WAITING' ? [dispatchMessage(after, new Date(now.getTime() + OUTBOX_GRACE_SECONDS * 1000).toISOString())] : [];
  const outcome = await deps.requests.releaseOffer({ before: request, after, event, teamId, outbox: requeue });
  if (outcome === 'request-changed') return outcome;
  // Best effort: the outbox relay sends the message if this fails, the sweep retries the rest.
  for (const message of requeue) await deps.publisher.publish(message).catch(() => undefined);
  await offerWaitingTo(deps, teamId).catch(() => undefined);
  return outcome;
}
