/**
 * The sweep's look at an accepted order that is due: its team is reminded before the completion
 * deadline, and warned a day after it (`completion-deadline.ts`), each once: the change that
 * carries the notice is conditional on the request's version, so two sweeps at once send it once,
 * and a completion or cancel that came first leaves nothing to send.
 */
import { completionStep } from '#shared/domain/completion-deadline';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { RequestRepository } from '#shared/ports/request-repository';
import { applyChange } from './apply-change';

export async function sweepCompletion(
  deps: { readonly requests: RequestRepository },
  request: ServiceRequest,
  now: Date,
): Promise<'reminded' | 'warned' | 'none'> {
  const step = completionStep(request, now);
  if (!step) return 'none';
  return (await applyChange(deps.requests, request, step.change)) ? step.kind : 'none';
}
