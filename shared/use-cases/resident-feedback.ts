/**
 * 评单, the resident's side after completion: rate (closes the request) or reopen (dispatched
 * again, to the same team first). The access token is the key, as for viewing.
 */
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import type { RequestStatus } from '#shared/domain/request-state';
import { tokenMatches } from '#shared/domain/identifiers';
import { ActionAlreadyDoneError, rate, reopen, type FeedbackBy, type RatingInput } from '#shared/domain/resident-feedback';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import type { DispatchDeps } from './dispatch-request';
import { postCredits, type PostCreditsDeps } from './post-credits';
import { dispatchMessage, OUTBOX_GRACE_SECONDS } from './submit-request';

async function ownRequest(deps: Pick<DispatchDeps, 'requests'>, id: string, token: string | undefined): Promise<ServiceRequest> {
  const request = await deps.requests.get(id);
  if (!request || !token || !tokenMatches(token, request.accessTokenHash)) throw new NotFoundError('Request');
  return request;
}

export async function rateRequest(
  deps: DispatchDeps & PostCreditsDeps,
  id: string,
  token: string | undefined,
  input: RatingInput,
): Promise<ServiceRequest> {
  // Done before only with the same stars and words: another rating from an older page was not.
  const same = (r: ServiceRequest) => r.rating?.stars === input.stars && r.rating.comment === input.comment;
  const after = await unlessDoneBefore(deps, id, 'CLOSED', async () => recordRating(deps, await ownRequest(deps, id, token), input), same);
  // Straight away for the volunteers' sake; the sweep posts them if this fails.
  await postCredits(deps, after).catch(() => 0);
  return after;
}

/**
 * Runs a resident's action; when it is refused (ConflictError) because the request is already in
 * `produces` by the resident's own doing (a second tap, or two at once) and `same` holds of it,
 * throws ActionAlreadyDoneError instead, which the status page does not report as not done.
 */
export async function unlessDoneBefore<T>(
  deps: Pick<DispatchDeps, 'requests'>,
  id: string,
  produces: RequestStatus,
  act: () => Promise<T>,
  same: (request: ServiceRequest) => boolean = () => true,
): Promise<T> {
  return unlessAlreadyDone(deps, id, act, ({ request, timeline }) => {
    const how = timeline.filter((e) => e.status === produces).at(-1);
    return request.status === produces && how?.actor === 'resident' && same(request);
  });
}

/** As `unlessDoneBefore`, with what "done before" means given whole: for an action whose status moves on by itself. */
async function unlessAlreadyDone<T>(
  deps: Pick<DispatchDeps, 'requests'>,
  id: string,
  act: () => Promise<T>,
  doneBefore: (found: { request: ServiceRequest; timeline: readonly TimelineEvent[] }) => boolean,
): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const found = await deps.requests.getWithTimeline(id);
    if (found && doneBefore(found)) throw new ActionAlreadyDoneError(error.message);
    throw error;
  }
}

/**
 * Reopened in this round, by the resident or by staff for them (回访代录), and that round still
 * under way (not completed again, nor ended): a second tap, two at once, or the resident's tap
 * after staff recorded it. Dispatch may have offered it, or a team accepted it, in between.
 */
function reopenedThisRound({ request, timeline }: { request: ServiceRequest; timeline: readonly TimelineEvent[] }): boolean {
  const reopened = timeline.some((e) => e.at === request.reopenedAt && e.status === 'WAITING');
  return reopened && !request.completion && STILL_UNDER_WAY.includes(request.status);
}
const STILL_UNDER_WAY: readonly RequestStatus[] = ['WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED'];

/** The rating's change. It closes the request with its credits pending and due: the sweep posts them if the caller does not. */
export async function recordRating(
  deps: Pick<DispatchDeps, 'requests' | 'clock'>,
  request: ServiceRequest,
  input: RatingInput,
  by?: FeedbackBy,
): Promise<ServiceRequest> {
  const { after, event } = rate(request, input, deps.clock.now(), by);
  await deps.requests.changeStatus({ before: request, after, event });
  return after;
}

export async function reopenRequest(
  deps: DispatchDeps & { publisher: QueuePublisher },
  id: string,
  token: string | undefined,
): Promise<ServiceRequest> {
  return unlessAlreadyDone(deps, id, async () => recordReopening(deps, await ownRequest(deps, id, token)), reopenedThisRound);
}

/** The problem is back: dispatched again (through the outbox, so a failed send is relayed later). */
export async function recordReopening(
  deps: Pick<DispatchDeps, 'requests' | 'clock'> & { publisher: QueuePublisher },
  request: ServiceRequest,
  by?: FeedbackBy,
): Promise<ServiceRequest> {
  const now = deps.clock.now();
  const { after, event } = reopen(request, now, by);
  const message = dispatchMessage(after, new Date(now.getTime() + OUTBOX_GRACE_SECONDS * 1000).toISOString());
  await deps.requests.changeStatus({ before: request, after, event, outbox: [message] });
  await deps.publisher.publish(message).catch(() => undefined);
  return after;
}
