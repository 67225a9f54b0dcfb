/**
 * 点单: a resident (or staff on their behalf) submits a service request.
 *
 * The request, its first timeline event, its tracking code, the idempotency record and the
 * dispatch message are written in one transaction. The message is then sent straight away; its
 * outbox copy stays until the consumer has acted on it, and `reconcile-outbox` sends it again
 * if that has not happened in time, so no stored request is ever stranded unqueued.
 */
import { anyRetired, lineage } from '#shared/domain/area';
import { parseAttributes } from '#shared/domain/attributes';
import { serviceCodePattern, type Service } from '#shared/domain/catalog';
import { ConflictError, IdempotencyMismatchError, ValidationError, type FieldIssue } from '#shared/domain/errors';
import { canonicalHash, newAccessToken, newRequestId, newTrackingCode, sha256 } from '#shared/domain/identifiers';
import type { AlreadySent, LastSent, ReplaceOutcome, Resubmit, Withdraw } from './last-order';
import { alreadySent, openEarlier, replaceable, replaceWith } from './last-order';
import type { Channel, ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import { parseSubmission, type Submission } from '#shared/domain/submission';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { Clock } from '#shared/ports/clock';
import type { OutboxMessage, Outbox } from '#shared/ports/outbox';
import type { QueuePublisher } from '#shared/ports/queue-publisher';
import {
  IdempotencyKeyTakenError,
  TrackingCodeTakenError,
  type IdempotencyRecord,
  type RequestRepository,
} from '#shared/ports/request-repository';

export type { AlreadySent, ReplaceOutcome, Resubmit } from './last-order';

export interface SubmitRequestDeps {
  readonly requests: RequestRepository;
  readonly catalog: CatalogRepository;
  readonly areas: AreaRepository;
  readonly outbox: Outbox;
  readonly publisher: QueuePublisher;
  readonly clock: Clock;
  /**
   * Cancels a request as its resident (its access token), only while `only` holds of it: how a
   * corrected order replaces the one sent just before (`resubmit: 'replace'`).
   */
  readonly withdraw?: Withdraw;
}

export interface SubmitRequestCommand {
  readonly submission: Submission;
  readonly channel: Channel;
  readonly idempotencyKey?: string;
  /**
   * The order form's key, when there is no Idempotency-Key: the same form sent again with the
   * same content replays the first request; changed content is a new one (see `lastSent`).
   * From the order form (channel `web`, a form key) the same content from the same phone is also the same
   * request for `WEB_REPEAT_WINDOW_MINUTES`, whatever the form key (back reloads the form): answered
   * in full from the same `client`, else with its tracking code only (`SentBefore`).
   */
  readonly formKey?: string;
  /**
   * The order form's client address. The access token goes only to whoever sent the request:
   * the same form (its key) or an Idempotency-Key, or the same content again from this address.
   */
  readonly client?: string;
  /**
   * The order this browser sent last from the order form (a cookie holding its id and access
   * token). While that one is still open, a different order by the same person (name or phone) is
   * not made before the resident answers `resubmit` (`AlreadySent`): back, correct the address and
   * send again must not leave the first, wrong one standing unseen. Another person's order is made.
   */
  readonly lastSent?: LastSent;
  readonly resubmit?: Resubmit;
  /** Staff ordering for a resident (代点单): who, for the timeline. */
  readonly proxiedBy?: string;
  /**
   * Admission control (the public intake's rate limits): runs once the submission is known
   * valid against the menu and the areas and is not a replay, before anything is written;
   * throws to refuse. What it counted is given back when the write turns into a replay (or
   * fails), so neither a bad submission nor a client's retry uses up a quota.
   */
  readonly admit?: () => Promise<{ giveBack(): Promise<void> } | undefined | void>;
}

export interface SubmittedRequest {
  readonly id: string;
  readonly trackingCode: string;
  readonly accessToken: string;
  readonly status: 'SUBMITTED';
}

/**
 * The same content sent from the order form again, within the window but from another client
 * address: the request it made, without its access token (which would hand the request to anyone
 * who can guess what a resident sent).
 */
export interface SentBefore {
  readonly sentBefore: { readonly id: string; readonly trackingCode: string };
  readonly created: false;
  readonly queued: true;
}

/** With `resubmit: 'replace'`, what became of the earlier order (`ReplaceOutcome`). */
export type SubmitRequestResult = {
  readonly submitted: SubmittedRequest;
  /** False when this call replayed an earlier one with the same Idempotency-Key. */
  readonly created: boolean;
  /** False when the direct send failed; the outbox relay sends the message later. */
  readonly queued: boolean;
} & Partial<Extract<ReplaceOutcome, { replaced: string }>> &
  Partial<Extract<ReplaceOutcome, { notReplaced: unknown }>>;

/** How long after commit the relay treats an unconfirmed message as lost. */
export const OUTBOX_GRACE_SECONDS = 30;
const IDEMPOTENCY_TTL_HOURS = 24;
/**
 * The order form sent again with the same content from the same phone this soon is the same
 * request: back to the form (which draws a new form key) and send again, or a second tab.
 */
export const WEB_REPEAT_WINDOW_MINUTES = 30;
const TRACKING_CODE_ATTEMPTS = 5;

/** Only the order form (a form key, the last order's cookie) can answer without a new request. */
export function submitRequest(
  deps: SubmitRequestDeps,
  command: SubmitRequestCommand & { readonly formKey?: undefined; readonly lastSent?: undefined },
): Promise<SubmitRequestResult>;
export function submitRequest(
  deps: SubmitRequestDeps,
  command: SubmitRequestCommand & { readonly lastSent?: undefined },
): Promise<SubmitRequestResult | SentBefore>;
export function submitRequest(
  deps: SubmitRequestDeps,
  command: SubmitRequestCommand,
): Promise<SubmitRequestResult | SentBefore | AlreadySent>;
export async function submitRequest(
  deps: SubmitRequestDeps,
  command: SubmitRequestCommand,
): Promise<SubmitRequestResult | SentBefore | AlreadySent> {
  const { submission } = command;
  const bodyHash = canonicalHash(submission);
  const keyHash = command.idempotencyKey
    ? sha256(command.idempotencyKey)
    : command.formKey
      ? sha256(`form#${command.formKey}#${bodyHash}`)
      : undefined;
  // From the order form (which always carries a form key). The body holds the phone: the same
  // content from the same phone.
  const repeatHash = command.channel === 'web' && command.formKey ? sha256(`web#${bodyHash}`) : undefined;
  // Kept, sealed, with the repeat's answer: who may have it in full.
  const clientTag = command.client ? sha256(`client#${command.client}`) : undefined;
  const repeatReplay = (kept: IdempotencyRecord) => contentReplay(kept, bodyHash, clientTag);

  const earlier = await findEarlier(deps, [keyHash]);
  // The replace sent again (a retry after a failure, a double tap): the new order, and the earlier one cancelled if it is not yet.
  if (earlier) return replaceWith(deps, command, replay(earlier, bodyHash));
  const repeated = await findEarlier(deps, [repeatHash]);
  // Ordered again after that request ended (cancelled, rejected, expired): a new one, which takes
  // the kept answer over. The form's own key still replays (the same form sent again).
  const repeatTakesOver = repeated && (await endedRequestOf(deps, repeated));
  if (repeated && !repeatTakesOver) return repeatReplay(repeated);
  const last = await openEarlier(deps, command.lastSent, submission);
  const replacing = !!last && command.resubmit === 'replace';
  if (last && (!command.resubmit || (replacing && !replaceable(last)))) return alreadySent(last, replacing);

  const attributes = await validateAgainstReferenceData(deps, submission);
  const admission = (await command.admit?.()) ?? undefined;
  const giveBack = () => admission?.giveBack().catch(() => undefined);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = newRequestId();
  const accessToken = newAccessToken();

  for (let attempt = 1; ; attempt++) {
    const trackingCode = newTrackingCode();
    const request: ServiceRequest = {
      id,
      trackingCode,
      serviceCode: submission.serviceCode,
      areaId: submission.areaId,
      description: submission.description,
      contact: { name: submission.contactName, phone: submission.phone, address: submission.address },
      urgency: submission.urgency,
      ...(submission.preferredTime ? { preferredTime: submission.preferredTime } : {}),
      attributes,
      channel: command.channel,
      status: 'SUBMITTED',
      version: 1,
      createdAt: at,
      updatedAt: at,
      accessTokenHash: sha256(accessToken),
    };
    const submitted: SubmittedRequest = { id, trackingCode, accessToken, status: 'SUBMITTED' };
    const message = dispatchMessage(request, new Date(now.getTime() + OUTBOX_GRACE_SECONDS * 1000).toISOString());
    const kept = (hash: string, hours: number): IdempotencyRecord => ({
      keyHash: hash,
      bodyHash,
      response: submitted,
      expiresAt: new Date(now.getTime() + hours * 3600_000).toISOString(),
    });
    try {
      await deps.requests.create({
        request,
        events: [submittedEvent(request, command.proxiedBy)],
        outbox: [message],
        ...(keyHash ? { idempotency: kept(keyHash, IDEMPOTENCY_TTL_HOURS) } : {}),
        ...(repeatHash ? { repeat: { ...kept(repeatHash, WEB_REPEAT_WINDOW_MINUTES / 60), response: { ...submitted, clientTag } } } : {}),
        ...(repeatTakesOver ? { repeatTakesOver } : {}),
      });
    } catch (error) {
      if (error instanceof TrackingCodeTakenError && attempt < TRACKING_CODE_ATTEMPTS) continue;
      // This request was not made: what admission counted for it goes back.
      await giveBack();
      if (error instanceof IdempotencyKeyTakenError) {
        const winner = await findEarlier(deps, [error.keyHash]);
        if (winner) return error.keyHash === repeatHash ? repeatReplay(winner) : replay(winner, bodyHash);
        // Kept, but its answer no longer opens (sealed with a signing key revoked since).
        throw new ConflictError('This Idempotency-Key was used in the last day; its first answer can no longer be given again');
      }
      throw error;
    }
    const queued = await deps.publisher.publish(message).then(
      () => true,
      () => false,
    );
    // Made first, then the earlier cancelled: a failure between them leaves both orders, never none.
    return replaceWith(deps, command, { submitted, created: true, queued }, replacing ? last : undefined);
  }
}

/** The first kept, unexpired answer among these keys. */
async function findEarlier(deps: SubmitRequestDeps, keyHashes: readonly (string | undefined)[]): Promise<IdempotencyRecord | undefined> {
  const now = deps.clock.now().toISOString();
  for (const hash of keyHashes) {
    const found = hash ? await deps.requests.findIdempotency(hash) : undefined;
    if (found && found.expiresAt > now) return found;
  }
  return undefined;
}

/** The id of the request this kept answer gave, when that request has ended without being done. */
async function endedRequestOf(deps: SubmitRequestDeps, kept: IdempotencyRecord): Promise<string | undefined> {
  const { id } = kept.response as SubmittedRequest;
  const request = await deps.requests.get(id);
  return request && ENDED_UNDONE.has(request.status) ? id : undefined;
}

const ENDED_UNDONE: ReadonlySet<string> = new Set(['CANCELLED', 'REJECTED', 'EXPIRED']);

function replay(earlier: IdempotencyRecord, bodyHash: string): SubmitRequestResult {
  if (earlier.bodyHash !== bodyHash) throw new IdempotencyMismatchError();
  const { id, trackingCode, accessToken, status } = earlier.response as SubmittedRequest;
  return { submitted: { id, trackingCode, accessToken, status }, created: false, queued: true };
}

/**
 * The content repeat's answer: in full to the client address that sent the request, else its
 * tracking code only (a kept answer from before addresses were kept has none: the code only).
 */
function contentReplay(earlier: IdempotencyRecord, bodyHash: string, clientTag: string | undefined): SubmitRequestResult | SentBefore {
  const full = replay(earlier, bodyHash);
  const kept = (earlier.response as { clientTag?: unknown }).clientTag;
  if (clientTag !== undefined && kept === clientTag) return full;
  const { id, trackingCode } = full.submitted;
  return { sentBefore: { id, trackingCode }, created: false, queued: true };
}

async function validateAgainstReferenceData(deps: SubmitRequestDeps, submission: Submission) {
  const [service, areas] = await Promise.all([
    deps.catalog.getService(submission.serviceCode),
    deps.areas.getMany(lineage(submission.areaId)),
  ]);
  const area = areas[0];
  const issues = [];
  if (!service?.active) issues.push({ field: 'serviceCode', message: 'No such service on the menu' });
  if (!area) issues.push({ field: 'areaId', message: 'No such area' });
  else if (area.level !== 'community') issues.push({ field: 'areaId', message: 'Choose a community or village' });
  // Retired itself, or below a township or district staff retired by hand.
  else if (anyRetired(areas))
    issues.push({ field: 'areaId', message: 'This community is no longer in the division table; choose the one it became part of' });
  if (service && submission.urgency === 'urgent' && !service.urgentAllowed) {
    issues.push({ field: 'urgency', message: 'This service cannot be ordered as urgent' });
  }
  if (issues.length === 0) return parseAttributes(service!, submission.attributes);
  throw new ValidationError([...issues, ...(service?.active ? attributeIssues(service, submission.attributes) : [])]);
}

/**
 * Parses an order, naming every bad field at once: when its own fields are refused, the
 * service's fields are checked too, so a resident is not refused a second time for those.
 */
export async function parseOrder(deps: Pick<SubmitRequestDeps, 'catalog'>, input: unknown): Promise<Submission> {
  try {
    return parseSubmission(input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const { serviceCode, attributes } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const known = typeof serviceCode === 'string' && serviceCodePattern.test(serviceCode);
    const service = known ? await deps.catalog.getService(serviceCode) : undefined;
    const given = typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) ? attributes : {};
    if (!service?.active || error.issues.some((i) => i.field.startsWith('attributes'))) throw error;
    throw new ValidationError([...error.issues, ...attributeIssues(service, given as Record<string, unknown>)]);
  }
}

function attributeIssues(service: Service, attributes: Record<string, unknown>): readonly FieldIssue[] {
  try {
    parseAttributes(service, attributes);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

export function dispatchMessageId(requestId: string, version: number): string {
  return `${requestId}.v${version}.dispatch`;
}

export function dispatchMessage(request: ServiceRequest, dueAt: string): OutboxMessage {
  return {
    id: dispatchMessageId(request.id, request.version),
    requestId: request.id,
    queue: 'dispatch',
    body: { requestId: request.id, version: request.version },
    dueAt,
  };
}

function submittedEvent(request: ServiceRequest, proxiedBy: string | undefined): TimelineEvent {
  return {
    requestId: request.id,
    at: request.createdAt,
    seq: request.version,
    type: 'SUBMITTED',
    status: 'SUBMITTED',
    message:
      request.channel === 'proxy'
        ? { zh: '工作人员已代为提交需求', en: 'Submitted by station staff on the resident’s behalf' }
        : { zh: '需求已提交', en: 'Request submitted' },
    actor: request.channel === 'proxy' ? 'admin' : 'resident',
    ...(proxiedBy ? { detail: proxiedBy } : {}),
  };
}
