/**
 * Gives an offer back (the team declined, its deadline passed, or staff paused or changed the
 * team): the team's capacity returns exactly once, the request is queued for another team (or
 * escalated after the last automatic offer, or at once when no team serving its area could ever
 * take it), and the freed team is offered the waiting requests it can serve.
 */
import type { OfferEnd } from '#shared/domain/exclusion';
import { release, type DeclineReason } from '#shared/domain/offer-lifecycle';
import type { OutboxMessage } from '#shared/domain/outbox-message';
import type { ServiceRequest } from '#shared/domain/service-request';
import { dispatchMessage, OUTBOX_GRACE_SECONDS } from './submit-request';
import { servingTeams, type DispatchDeps } from './dispatch-request';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import { offerWaitingTo } from './offer-waiting';

export interface ReleaseDeps extends DispatchDeps {
  readonly publisher: QueuePublisher;
}

export async function releaseOffer(
  deps: ReleaseDeps,
  request: ServiceRequest,
  cause: OfferEnd,
  declineReason?: DeclineReason,
  note?: string,
): Promise<'released' | 'request-changed'> {
  const { outcome, requeue, teamId } = await giveBack(deps, request, cause, declineReason, note);
  if (outcome === 'request-changed') return outcome;
  // Best effort: the outbox relay sends the message if this fails, the sweep retries the rest.
  for (const message of requeue) await deps.publisher.publish(message).catch(() => undefined);
  await offerWaitingTo(deps, teamId).catch(() => undefined);
  return outcome;
}

/**
 * The release alone, conditional on the request's version, with its dispatch message in the
 * outbox (`requeue`, when it waits again) for the caller to send or dispatch in process.
 */
export async function giveBack(
  deps: DispatchDeps,
  request: ServiceRequest,
  cause: OfferEnd,
  declineReason?: DeclineReason,
  note?: string,
): Promise<{ outcome: 'released' | 'request-changed'; requeue: OutboxMessage[]; teamId: string }> {
  const now = deps.clock.now();
  const service = await deps.catalog.getService(request.serviceCode);
  // Each listed team's own item must still handle the service, as dispatch checks: the coverage
  // index can lag a change staff just made, and a team that cannot take it is no one to wait for.
  const teams = await servingTeams(deps, request, undefined, service);
  const { after, event, teamId } = release(request, cause, now, service, declineReason, note, teams);
  const requeue =
    after.status === 'WAITING' ? [dispatchMessage(after, new Date(now.getTime() + OUTBOX_GRACE_SECONDS * 1000).toISOString())] : [];
  const outcome = await deps.requests.releaseOffer({ before: request, after, event, teamId, outbox: requeue });
  return { outcome, requeue, teamId };
}
