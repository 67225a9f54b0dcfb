/**
 * The team's side of one offer, reached through its signed one-tap link: what the team may see
 * (the resident masked until it accepts), and its answer. A forged link sees nothing (404); a
 * link past its deadline can no longer answer (409), but is still told an answer it gave stands.
 */
import { lineage } from '#shared/domain/area';
import { attributeAnswers, type AttributeAnswer } from '#shared/domain/attributes';
import type { LocalizedText } from '#shared/domain/catalog';
import { maskName, maskPhone } from '#shared/domain/contact';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import { answersBeforeAcceptance, attributesBeforeAcceptance, maskContactIn } from '#shared/domain/personal-fields';
import { wellFormedKeyId } from '#shared/domain/key-ring';
import { checkOfferLink, type LinkCheck, type OfferLinkParams } from '#shared/domain/offer-link';
import type { DeclineReason } from '#shared/domain/offer-lifecycle';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { SigningKeys } from '#shared/ports/signing-keys';
import { acceptedBy, acceptOffer, declinedByLink, declineOffer } from './answer-offer';
import { requestedService } from './service-as-ordered';
import type { ReleaseDeps } from './release-offer';

export interface TeamOfferDeps extends ReleaseDeps {
  readonly areas: AreaRepository;
  readonly signingKeys: SigningKeys;
}

export interface TeamOfferView {
  readonly requestId: string;
  /**
   * `open`: the team may answer; `accepted`: it did; `closed`: the offer lapsed at its deadline;
   * `superseded`: the request is offered to the team again, by a later notice (a reopen offers
   * the team that did the work first), which this earlier link cannot answer.
   */
  readonly state: 'open' | 'accepted' | 'closed' | 'superseded';
  readonly service: { readonly code: string; readonly name: LocalizedText };
  readonly areaNames: readonly LocalizedText[];
  readonly urgency: ServiceRequest['urgency'];
  /** Like the attributes and answers: until the contact is shown, its phone-like numbers, door numbers and the resident's name masked (`maskContactIn`). */
  readonly description: string;
  readonly preferredTime?: string;
  /** The resident's description, preferred time and answers could not be read (damaged storage): empty, not unwritten. */
  readonly detailsUnavailable?: true;
  /** The resident's contact and free text were anonymised (`retention.ts`): the page says they were removed. */
  readonly personalDataRemoved?: true;
  /** Until the contact is shown: a field asking for personal data left out, numbers masked in the others. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The attributes as the service's form asked them: label and answer in both languages (until the contact is shown, masked as the attributes). */
  readonly answers: readonly AttributeAnswer[];
  readonly deadline?: string;
  /** Masked until this team accepts; then the full contact, address included. */
  readonly resident: { readonly name: string; readonly phone: string; readonly address?: string };
  /** The team may report the order done now: it accepted it and has not completed it yet. */
  readonly completable: boolean;
  /** A wish the team claimed from the wall: fulfil by then, or give it up (back on the wall). */
  readonly claimDeadline?: string;
  /** When the team reported the order done, once it has. */
  readonly completedAt?: string;
  /** The volunteers and minutes that report recorded, while the contact is shown: who was credited, for a teammate who reported too. */
  readonly reportedHours?: readonly { readonly volunteer: string; readonly minutes: number }[];
  /** The team accepted, but the order is over: its contact is no longer shown (see `contactShown`). */
  readonly contactWithdrawn?: boolean;
}

/**
 * A link of a team the request moved away from: nothing of the request, only that it is no longer
 * theirs; `declined` when this link's offer ended in the team's own decline.
 */
export interface GoneOfferView {
  readonly requestId: string;
  readonly state: 'gone' | 'declined';
}

export type OfferLinkView = TeamOfferView | GoneOfferView;

/**
 * How long after reporting an order done the accepting team still sees the resident's contact: the
 * day of a follow-up call (a forgotten tool, a question about the repair). Links sit in group chats
 * (WeCom, DingTalk) long after; the contact must not.
 */
export const CONTACT_GRACE_HOURS = 24;

/** The accepting team sees the resident's full contact while the order is open, and for the grace period after. */
export function contactShown(request: ServiceRequest, now: Date): boolean {
  if (request.status === 'ACCEPTED') return true;
  const done = request.completion?.completedAt;
  if (!done || !['COMPLETED', 'CLOSED'].includes(request.status)) return false;
  return now.getTime() - Date.parse(done) < CONTACT_GRACE_HOURS * 3_600_000;
}

export type ViewDeps = Pick<TeamOfferDeps, 'requests' | 'catalog' | 'areas' | 'signingKeys' | 'clock'>;

async function authorized(
  deps: Pick<ViewDeps, 'signingKeys' | 'requests' | 'clock'>,
  requestId: string,
  link: Partial<OfferLinkParams>,
): Promise<{ request: ServiceRequest; teamId: string; check: LinkCheck }> {
  // A key no longer in the ring (retired, revoked) makes the link as good as forged: 404.
  const key = wellFormedKeyId(link.kid) ? await deps.signingKeys.find(link.kid) : undefined;
  const check = key ? checkOfferLink(requestId, link, key, deps.clock.now()) : 'forged';
  const request = check === 'forged' ? undefined : await deps.requests.get(requestId);
  if (!request) throw new NotFoundError('Offer');
  return { request, teamId: link.team!, check };
}

export async function viewTeamOffer(deps: ViewDeps, requestId: string, link: Partial<OfferLinkParams>): Promise<OfferLinkView> {
  const { request, teamId, check } = await authorized(deps, requestId, link);
  const accepted = request.assignedTeam?.id === teamId && ['ACCEPTED', 'COMPLETED', 'CLOSED'].includes(request.status);
  const offeredHere = request.status === 'OFFERED' && request.offer?.teamId === teamId;
  if (!accepted && !offeredHere) {
    const declined = link.v !== undefined && (await declinedByLink(deps, request.id, linkVersion(link)));
    return { requestId: request.id, state: declined ? 'declined' : 'gone' };
  }
  const state = accepted ? 'accepted' : String(request.version) !== link.v ? 'superseded' : check === 'valid' ? 'open' : 'closed';
  return teamView(deps, request, state, deps.clock.now());
}

/**
 * A request as a team sees it; the resident's contact in full only in state `accepted`, while
 * `contactShown`; until then also the numbers and addresses in the description and the answers masked (the
 * resident's own door however written and their name: `maskContactIn` with the address and name), and the
 * answer to a field asking for personal data withheld.
 */
export async function teamView(
  deps: {
    readonly catalog: Pick<ViewDeps['catalog'], 'editedService' | 'earlierForms'>;
    readonly areas: Pick<ViewDeps['areas'], 'getMany'>;
  },
  request: ServiceRequest,
  state: TeamOfferView['state'],
  now: Date,
): Promise<TeamOfferView> {
  const [{ ordered }, areas] = await Promise.all([
    requestedService(deps.catalog, request),
    deps.areas.getMany(lineage(request.areaId).slice(0, 3)),
  ]);
  const { contact } = request;
  const full = state === 'accepted' && contactShown(request, now);
  // The name and form it was ordered under: a service renamed or asking otherwise since reads as then.
  const { fields } = ordered;
  const answers = attributeAnswers(fields, request.attributes);
  // Until the contact is shown, the resident's own door and name are masked however the free text writes them.
  const hide = (text: string) => maskContactIn(text, contact.address, contact.name);
  return {
    requestId: request.id,
    state,
    service: { code: request.serviceCode, name: ordered.name ?? { zh: request.serviceCode, en: request.serviceCode } },
    areaNames: areas.flatMap((a) => (a ? [a.name] : [])),
    urgency: request.urgency,
    description: full ? request.description : hide(request.description),
    ...(request.preferredTime ? { preferredTime: full ? request.preferredTime : hide(request.preferredTime) } : {}),
    ...(request.detailsUnavailable ? { detailsUnavailable: true } : {}),
    ...(request.anonymisedAt ? { personalDataRemoved: true } : {}),
    attributes: full ? request.attributes : attributesBeforeAcceptance(fields, request.attributes, contact.address, contact.name),
    answers: full ? answers : answersBeforeAcceptance(fields, answers, contact.address, contact.name),
    ...(state === 'open' && request.offer ? { deadline: request.offer.deadline } : {}),
    // Anonymised: no contact to mask (a masked empty phone would read as a number).
    resident: request.anonymisedAt
      ? { name: '', phone: '' }
      : full
        ? { name: contact.name, phone: contact.phone, address: contact.address }
        : { name: maskName(contact.name), phone: maskPhone(contact.phone) },
    ...(state === 'accepted' && !full ? { contactWithdrawn: true } : {}),
    completable: state === 'accepted' && request.status === 'ACCEPTED',
    ...(state === 'accepted' && request.status === 'ACCEPTED' && request.claim ? { claimDeadline: request.claim.deadline } : {}),
    ...(state === 'accepted' && request.completion ? { completedAt: request.completion.completedAt } : {}),
    ...(full && request.completion
      ? { reportedHours: request.completion.hours.map(({ volunteer, minutes }) => ({ volunteer, minutes })) }
      : {}),
  };
}

/**
 * The team a signed link speaks for, to report an order done. Unlike an answer to the offer,
 * this outlives the link's expiry: the deadline only bounds accepting, and the order stays the
 * team's to complete (`completeRequest` checks it is). A forged link is a 404.
 */
export async function teamOfLink(
  deps: Pick<ViewDeps, 'signingKeys' | 'requests' | 'clock'>,
  requestId: string,
  link: Partial<OfferLinkParams>,
): Promise<string> {
  const { teamId } = await authorized(deps, requestId, link);
  return teamId;
}

const EXPIRED = 'This offer expired at its deadline';

/** Past the link's deadline only an answer that went through answers: a retry (a slow network, a second tap) is told it holds the order. */
export async function acceptByLink(deps: TeamOfferDeps, requestId: string, link: Partial<OfferLinkParams>): Promise<void> {
  const { request, teamId, check } = await authorized(deps, requestId, link);
  if (check === 'expired' && !acceptedBy(request, teamId)) throw new ConflictError(EXPIRED);
  await acceptOffer(deps, requestId, teamId, linkVersion(link));
}

/** The version of the offer a link was sent for, checked where the answer is written (`answer-offer`). */
function linkVersion(link: Partial<OfferLinkParams>): number {
  const version = Number(link.v);
  // A signed link always carries one; anything else matches no version.
  return Number.isSafeInteger(version) ? version : -1;
}

/**
 * Past the link's deadline, a decline that went through is told it stands, and a member whose team
 * accepted is told so (`declineOffer`); anything else is too late.
 */
export async function declineByLink(
  deps: TeamOfferDeps,
  requestId: string,
  link: Partial<OfferLinkParams>,
  answer: { reason: DeclineReason; note?: string },
): Promise<void> {
  const { request, teamId, check } = await authorized(deps, requestId, link);
  if (check === 'expired' && !acceptedBy(request, teamId) && !(await declinedByLink(deps, requestId, linkVersion(link))))
    throw new ConflictError(EXPIRED);
  await declineOffer(deps, requestId, teamId, answer.reason, answer.note, linkVersion(link));
}
