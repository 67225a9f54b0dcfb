import { anonymised, anonymisedEvent } from '#shared/domain/retention';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { RequestRetention } from '#shared/ports/request-retention';

export interface AnonymiseDeps {
  readonly requests: Pick<RequestRepository, 'getWithTimeline'>;
  readonly retention: Pick<RequestRetention, 'replace'>;
}

/**
 * Anonymises one request as it is stored now, if `due` says so of it: the request, its details
 * and the free text of its events, in one conditional write on its version (a ConflictError when
 * it changed meanwhile). Anonymised already: nothing is written, whatever `due` says.
 */
export async function anonymiseRequest(
  deps: AnonymiseDeps,
  id: string,
  at: string,
  due: (request: ServiceRequest) => boolean,
): Promise<{ request: ServiceRequest; anonymised: boolean } | undefined> {
  const found = await deps.requests.getWithTimeline(id);
  if (!found) return undefined;
  const { request, timeline } = found;
  if (request.anonymisedAt || !due(request)) return { request, anonymised: false };
  const after = anonymised(request, at);
  const events = timeline.map(anonymisedEvent).filter((e): e is TimelineEvent => e !== undefined);
  await deps.retention.replace(request, after, events);
  return { request: after, anonymised: true };
}
