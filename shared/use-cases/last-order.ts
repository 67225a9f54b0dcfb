/**
 * The order a browser sent last (its cookie, `lastSent`), for a different order sent while it is
 * open by the same person (the same contact name or phone): back, correct the address, send again.
 * Nothing is made until the resident chooses (`Resubmit`); `replace` makes the new one first, then
 * cancels the earlier only while no team has taken it. Another person's order from the same phone
 * (a family member's, a neighbour's) is not asked about and never replaces anything.
 */
import { maskName, maskPhone } from '#shared/domain/contact';
import { ConflictError } from '#shared/domain/errors';
import { tokenMatches } from '#shared/domain/identifiers';
import { canCancel } from '#shared/domain/offer-lifecycle';
import type { RequestStatus } from '#shared/domain/request-state';
import { ActionAlreadyDoneError } from '#shared/domain/resident-feedback';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Submission } from '#shared/domain/submission';
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
    /** Whose it was, masked (`王**`, `139****5678`; no address): the reader can tell it is theirs. */
    readonly contact: { readonly name: string; readonly phone: string };
    /** Not yet taken by a team: the resident may cancel it by sending the new one in its place. */
    readonly replaceable: boolean;
  };
  readonly refused: boolean;
  readonly created: false;
}

/** Open (not done nor ended) and not yet taken by a team or a volunteer. */
export const replaceable = (request: ServiceRequest) => canCancel(request) && request.status !== 'ACCEPTED';

/** Trimmed, NFKC, without spaces: `王 秀兰` and `王秀兰` are one name. */
const normalised = (text: string) => text.normalize('NFKC').replace(/\s/gu, '');

/** A correction of that order, not another person's: the same contact name or the same phone. */
export function samePerson(request: ServiceRequest, submission: Submission): boolean {
  const same = (a: string, b: string) => normalised(a) !== '' && normalised(a) === normalised(b);
  return same(request.contact.name, submission.contactName) || same(request.contact.phone, submission.phone);
}

/** The browser's last order, when it is still open (cancellable), the token is its own and this order is the same person's. */
export async function openEarlier(
  deps: LastOrderDeps,
  lastSent: LastSent | undefined,
  submission: Submission,
): Promise<ServiceRequest | undefined> {
  const request = lastSent ? await deps.requests.get(lastSent.id) : undefined;
  const own = request && canCancel(request) && tokenMatches(lastSent!.accessToken, request.accessTokenHash);
  return own && samePerson(request, submission) ? request : undefined;
}

export function alreadySent(request: ServiceRequest, refused: boolean): AlreadySent {
  const { id, trackingCode, serviceCode, status, contact } = request;
  const masked = { name: maskName(contact.name), phone: maskPhone(contact.phone) };
  return {
    alreadySent: { id, trackingCode, serviceCode, status, contact: masked, replaceable: replaceable(request) },
    refused,
    created: false,
  };
}

/**
 * What became of the order a new one was sent in place of: `replaced`, its tracking code (cancelled
 * by the resident, by this call or by an earlier try of it); `notReplaced`, it still stands beside
 * the new one (`taken`: a team took it meanwhile; else its cancel failed); neither, it ended meanwhile.
 */
export type ReplaceOutcome =
  | { readonly replaced: string }
  | { readonly notReplaced: { readonly trackingCode: string; readonly taken: boolean }; readonly failure?: unknown }
  | { readonly replaced?: undefined; readonly notReplaced?: undefined };

/**
 * Cancels the order being replaced, once the new one is made, unless a team took it meanwhile.
 * Never throws: a failed cancel leaves both orders, and the answer says the earlier still stands.
 */
export async function withdrawEarlier(deps: LastOrderDeps, earlier: ServiceRequest, accessToken: string): Promise<ReplaceOutcome> {
  if (!deps.withdraw) throw new Error('submitRequest: replacing an order needs deps.withdraw');
  const { trackingCode } = earlier;
  try {
    await deps.withdraw(earlier.id, accessToken, replaceable);
    return { replaced: trackingCode };
  } catch (error) {
    // Cancelled by the resident already: a second tap, or this replace's retry.
    if (error instanceof ActionAlreadyDoneError) return { replaced: trackingCode };
    if (!(error instanceof ConflictError)) return { notReplaced: { trackingCode, taken: false }, failure: error };
    const now = await deps.requests.get(earlier.id).catch((failure: unknown) => ({ failure }));
    if (now && 'failure' in now) return { notReplaced: { trackingCode, taken: false }, failure: now.failure };
    // Ended meanwhile (expired, rejected): nothing left to replace.
    return now && canCancel(now) ? { notReplaced: { trackingCode, taken: true } } : {};
  }
}

/**
 * With `resubmit: 'replace'`, once the new order is made (or replayed by its form key): the
 * browser's earlier order (the same person's, not this one) cancelled on the version checked, and
 * what became of it. `known`: that order as just read. One the resident cancelled already (an
 * earlier try of this replace) is named as replaced.
 */
export async function replaceWith<T extends { readonly submitted: { readonly id: string } }>(
  deps: LastOrderDeps,
  command: { readonly resubmit?: Resubmit; readonly lastSent?: LastSent; readonly submission: Submission },
  made: T,
  known?: ServiceRequest,
): Promise<T | (T & ReplaceOutcome)> {
  const { lastSent } = command;
  if (command.resubmit !== 'replace' || !lastSent || lastSent.id === made.submitted.id) return made;
  const earlier = known ?? (await deps.requests.get(lastSent.id));
  const own = earlier && tokenMatches(lastSent.accessToken, earlier.accessTokenHash) && samePerson(earlier, command.submission);
  const worthTrying = own && (canCancel(earlier) || earlier.status === 'CANCELLED');
  return worthTrying ? { ...made, ...(await withdrawEarlier(deps, earlier, lastSent.accessToken)) } : made;
}
