/**
 * The order a browser sent last (its cookie, `lastSent`), for a different order sent while it is
 * open: back, correct the address, send again. Nothing is made until the resident chooses
 * (`Resubmit`); `replace` cancels the first only while no team has taken it.
 */
import { ConflictError } from '#shared/domain/errors';
import { tokenMatches } from '#shared/domain/identifiers';
import { canCancel } from '#shared/domain/offer-lifecycle';
import type { RequestStatus } from '#shared/domain/request-state';
import { ActionAlreadyDoneError } from '#shared/domain/resident-feedback';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { RequestRepository } from '#shared/ports/request-repository';

/** The order this browser sent last from the order form (a cookie holding its id and access token). */
export interface LastSent {
  readonly id: string;
  readonly accessToken: string;
}

/** Cancels a request as its resident (its access token), only while `only` holds of it. */
export type Withdraw = (id: string, accessToken: string, only: (request: ServiceRequest) => boolean) => Promise<unknown>;

interface LastOrderDeps {
  readonly requests: RequestRepository;
  readonly withdraw?: Withdraw;
}

/** The resident's answer to "you sent one just now": cancel that one and send this (`replace`), or send this too (`both`). */
export type Resubmit = 'replace' | 'both';

/**
 * A different order from the browser whose last order is still open: nothing made; the resident
 * chooses `resubmit`. `refused`: they chose to replace it, but a team has taken it (not cancelled).
 */
export interface AlreadySent {
  readonly alreadySent: {
    readonly id: string;
    readonly trackingCode: string;
    readonly serviceCode: string;
    readonly status: RequestStatus;
    /** Not yet taken by a team: the resident may cancel it by sending the new one in its place. */
    readonly replaceable: boolean;
  };
  readonly refused: boolean;
  readonly created: false;
}

/** Open (not done nor ended) and not yet taken by a team or a volunteer. */
export const replaceable = (request: ServiceRequest) => canCancel(request) && request.status !== 'ACCEPTED';

/** The browser's last order, when it is still open (cancellable) and the token is its own. */
export async function openEarlier(deps: LastOrderDeps, lastSent: LastSent | undefined): Promise<ServiceRequest | undefined> {
  const request = lastSent ? await deps.requests.get(lastSent.id) : undefined;
  return request && canCancel(request) && tokenMatches(lastSent!.accessToken, request.accessTokenHash) ? request : undefined;
}

export function alreadySent(request: ServiceRequest, refused: boolean): AlreadySent {
  const { id, trackingCode, serviceCode, status } = request;
  return { alreadySent: { id, trackingCode, serviceCode, status, replaceable: replaceable(request) }, refused, created: false };
}

/** Cancels the order being replaced, unless a team took it meanwhile: then the answer that says so. */
export async function withdrawEarlier(deps: LastOrderDeps, earlier: ServiceRequest, accessToken: string): Promise<AlreadySent | undefined> {
  if (!deps.withdraw) throw new Error('submitRequest: replacing an order needs deps.withdraw');
  try {
    await deps.withdraw(earlier.id, accessToken, replaceable);
    return undefined;
  } catch (error) {
    // Cancelled by the resident already: a second tap, or this replace's retry.
    if (error instanceof ActionAlreadyDoneError) return undefined;
    if (!(error instanceof ConflictError)) throw error;
    const now = await deps.requests.get(earlier.id);
    // Ended meanwhile (expired, rejected): nothing left to replace.
    return now && canCancel(now) ? alreadySent(now, true) : undefined;
  }
}
