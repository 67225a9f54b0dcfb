/**
 * The wish wall (微心愿墙): a claim-mode request is reviewed by its station, which writes the
 * public text; published, it waits on the wall until one claimer takes it (认领); a claim that
 * lapses or is given up puts it back. Each function returns the request after the change and the
 * event that explains it; storage writes both only if nothing raced the change, so exactly one
 * claim of a wish wins and a lapse returns it once.
 */
import * as z from '#shared/domain/zod';
import type { Service } from './catalog';
import { holdsContact } from './contact-in-text';
import { DATE } from './dates-in-text';
import { namesHome, namesResident } from './home-in-text';
import { asciiDigits } from './digits-in-text';
import { addMinutes } from './dispatch-policy';
import { ConflictError, ValidationError } from './errors';
import { feedbackDeadline } from './resident-feedback';
import { statusEvent, withStatus, type Claimer, type ServiceRequest, type Transition } from './service-request';
import { optionalPlainText, parseOrThrow, plainText } from './validation';
import { checkVisitMinutes, MAX_VISIT_MINUTES, visitMinutesBound } from './visit-minutes';

/** The claimer holds as many open claims as they may already. */
export class ClaimLimitError extends ConflictError {
  override readonly code = 'CLAIM_LIMIT';
  constructor(limit: number) {
    super(`You hold ${limit} open claims already: fulfil or give one up first`);
  }
}

/** The wish left the wall before this claim: someone claimed it first, or it expired or was withdrawn. */
export class WishTakenError extends ConflictError {
  override readonly code = 'WISH_TAKEN';
  constructor() {
    super('Someone claimed this wish first, or it is no longer on the wall');
  }
}

/** The claiming team takes no more work now: it is paused, or holds as many open orders as its capacity. */
export class TeamUnavailableError extends ConflictError {
  override readonly code = 'TEAM_UNAVAILABLE';
  constructor() {
    super('Your team is paused or has as many open orders as its capacity');
  }
}

/** Days a published wish stays on the wall unclaimed before it expires. */
export const WALL_DAYS = 30;
/** Days a claimer has to fulfil a wish unless the service says otherwise (`dispatch.claimDays`). */
export const DEFAULT_CLAIM_DAYS = 7;
/** Open claims one registered volunteer may hold at once; a team's claims count against its capacity. */
export const VOLUNTEER_OPEN_CLAIMS = 3;
/**
 * Claims one volunteer may make in a day (of Beijing time, `beijingDay`), given up or not: a claim shows the wisher's contact, so
 * claiming and giving up over and over must not become a way to collect residents' phones. A claim
 * that lost a race, or was refused at `VOLUNTEER_OPEN_CLAIMS`, showed none and does not count.
 */
export const VOLUNTEER_CLAIMS_PER_DAY = { limit: 10, windowSeconds: 24 * 3600 } as const;
/** The reminder goes out this long before the deadline (or halfway, for a shorter claim). */
const REMIND_BEFORE_MINUTES = 24 * 60;

/**
 * A real date, as the masking reads one (`2026-12-24`, `2026.12.24`, `2026 - 12 - 24`, with a time):
 * no one's number. `2026年12月24日` needs no exempting: a character splits a number on the wall.
 */
const DATES = new RegExp(DATE, 'g');
/** Eight digits or more with nothing but marks between them (no letter, no character, no colon of a time). */
const SPLIT_NUMBER = /\d(?:[^\p{L}\d:]*\d){7,}/u;
const NO_CONTACT = 'No phone, identity or house numbers, email, WeChat or QQ ids on the wall';

/**
 * Whatever a team would see masked before it accepts is refused on the wall (`holdsContact`: a
 * phone or identity number however written or split, an email, WeChat or QQ id), and the wall
 * asks more of its numbers: five digits in a row look like a phone, an identity or a house
 * number. Digits count however they are written (full-width, circled, Chinese numerals, 幺 and
 * 壹贰叁, `asciiDigits`); a number split up by marks (139-5555-6666, 139/5555/6666,
 * 139、5555、6666, 8123-4567, or with invisible characters) counts from eight digits, so times,
 * price ranges and lists (9:00-11:00, 500-1000元, 1/2/3号) stay allowed. A range of eight
 * digits (1000-2000元) is refused too: write it in words (1000至2000元).
 */
const noContact = (s: string) => {
  const text = s.normalize('NFKC');
  const digits = asciiDigits(text).replace(DATES, ' ');
  return !/\d{5,}/.test(digits.replace(/\s/g, '')) && !SPLIT_NUMBER.test(digits) && !holdsContact(text);
};

export const publicWishInput = z.strictObject({
  text: plainText().check(z.trim(), z.minLength(2), z.maxLength(60), z.refine(noContact, NO_CONTACT)),
  wisher: plainText().check(z.trim(), z.minLength(1), z.maxLength(12), z.refine(noContact, NO_CONTACT)),
});
export type PublicWishInput = z.output<typeof publicWishInput>;

/** A volunteer's report of a wish fulfilled (the form on their page): the minutes served, a note. */
export const fulfilmentReport = z.strictObject({
  minutes: z.coerce.number('Minutes served, a whole number').check(z.int(), z.gte(1), z.lte(MAX_VISIT_MINUTES)),
  note: optionalPlainText(500, { multiline: true }),
});

export function parseFulfilmentReport(body: unknown): z.output<typeof fulfilmentReport> {
  return parseOrThrow(fulfilmentReport, body ?? {});
}

/**
 * The station's public text, checked; neither the resident's full name (王奶奶, not 王秀英) nor
 * their home (a door number, their address or its door) may appear in it, however spaced, nor the
 * name parted only by dots or dashes (`home-in-text.ts`).
 */
export function parsePublicWish(input: unknown, request: Pick<ServiceRequest, 'contact'>): PublicWishInput {
  const wish = parseOrThrow(publicWishInput, input ?? {});
  for (const field of ['text', 'wisher'] as const) {
    if (namesResident(wish[field], request.contact.name)) {
      throw new ValidationError([{ field, message: "The resident's full name may not be public: write it as 王奶奶 or 李叔叔" }]);
    }
    if (namesHome(wish[field], request.contact.address)) {
      throw new ValidationError([
        { field, message: "The resident's address or door number may not be public; a building and unit alone (2号楼3单元) are fine" },
      ]);
    }
  }
  return wish;
}

function cleared(request: ServiceRequest): ServiceRequest {
  const { offer: _offer, dueAt: _dueAt, claim: _claim, ...rest } = request;
  return rest;
}

/** The station publishes the wish with the public text it wrote. */
export function publish(request: ServiceRequest, text: PublicWishInput, staffId: string, now: Date): Transition {
  if (request.status !== 'REVIEW') throw new ConflictError(`A request that is ${request.status} is not waiting for review`);
  const at = now.toISOString();
  const after: ServiceRequest = {
    ...cleared(withStatus(request, 'PUBLISHED', at)),
    wish: { text: text.text, wisher: text.wisher, publishedAt: at, listedAt: at, reviewedBy: staffId },
    dueAt: addMinutes(at, WALL_DAYS * 1440),
  };
  const event = statusEvent(after, { zh: '社区已审核，心愿已发布到心愿墙', en: 'Reviewed and published on the wish wall' }, 'admin');
  return { after, event: { ...event, detail: `reviewed by ${staffId}` } };
}

export function claimDays(service: Pick<Service, 'dispatch'> | undefined): number {
  return service?.dispatch?.claimDays ?? DEFAULT_CLAIM_DAYS;
}

/** How the resident's timeline names a claimer: a team or unit by name, a person only as 志愿者. */
export function claimerLabel(claimer: Claimer): { zh: string; en: string } {
  if (claimer.kind === 'volunteer') return { zh: '一位志愿者', en: 'A volunteer' };
  return { zh: claimer.name, en: claimer.name };
}

/**
 * What records name as the organizer of a wish a volunteer claimed and fulfilled themselves: no
 * team organized it (服务组织 on the certificate and the service records, the volunteer's
 * services). The place of service, the community whose station published the wish, is named beside
 * it on every record.
 */
export const OWN_CLAIM = { zh: '个人认领（微心愿）', en: 'Own claim (micro-wish)' } as const;

/** One claimer takes the wish off the wall, with a deadline to fulfil it and a reminder before it. */
export function claim(request: ServiceRequest, claimer: Claimer, now: Date, service?: Pick<Service, 'dispatch'>): Transition {
  if (request.status !== 'PUBLISHED' || !request.wish) throw new WishTakenError();
  const at = now.toISOString();
  const minutes = claimDays(service) * 1440;
  const deadline = addMinutes(at, minutes);
  const remindAt = addMinutes(at, Math.max(minutes - REMIND_BEFORE_MINUTES, minutes / 2));
  // A give-up before this claim is history: kept, it would answer the new claimer's give-up as done.
  const { givenUp: _givenUp, ...rest } = cleared(withStatus(request, 'ACCEPTED', at));
  const after: ServiceRequest = {
    ...rest,
    claim: { claimer, claimedAt: at, deadline, remindAt },
    acceptedAt: at,
    ...(claimer.kind === 'team' ? { assignedTeam: { id: claimer.id, name: claimer.name } } : {}),
    dueAt: remindAt,
  };
  const who = claimerLabel(claimer);
  return { after, event: statusEvent(after, { zh: `${who.zh}认领了心愿`, en: `${who.en} claimed the wish` }, 'team') };
}

/**
 * The claimer is reminded, once, before the deadline: a change of its own (the version rises, so
 * two sweeps at once remind once), which carries the reminder notice (`noticesFor`).
 */
export function remind(request: ServiceRequest, now: Date): Transition {
  if (request.status !== 'ACCEPTED' || !request.claim || request.claim.reminded) throw new ConflictError('Nothing to remind of');
  const at = now.toISOString();
  const after: ServiceRequest = {
    ...request,
    version: request.version + 1,
    updatedAt: at,
    claim: { ...request.claim, reminded: true },
    dueAt: request.claim.deadline,
  };
  const message = { zh: '已提醒认领人按期实现心愿', en: 'The claimer was reminded of the deadline' };
  return { after, event: { requestId: after.id, at, seq: after.version, type: 'NOTE', message, actor: 'system' } };
}

/** The claim lapsed at its deadline, or the claimer gave it up: back on the wall, listed anew. */
export function returnToWall(request: ServiceRequest, cause: 'lapsed' | 'given-up', now: Date): Transition {
  if (request.status !== 'ACCEPTED' || !request.claim || !request.wish) throw new ConflictError('This wish is not claimed');
  const at = now.toISOString();
  const { assignedTeam: _team, ...rest } = cleared(withStatus(request, 'PUBLISHED', at));
  const { kind, id } = request.claim.claimer;
  const after: ServiceRequest = {
    ...rest,
    wish: { ...request.wish, listedAt: at, returns: (request.wish.returns ?? 0) + 1 },
    dueAt: addMinutes(at, WALL_DAYS * 1440),
    ...(cause === 'given-up' ? { givenUp: { claimer: { kind, id }, at } } : {}),
  };
  const message =
    cause === 'lapsed'
      ? { zh: '认领已超期，心愿重新回到心愿墙', en: 'The claim ran past its deadline; the wish is back on the wall' }
      : { zh: '认领人已放弃，心愿重新回到心愿墙', en: 'The claimer gave it up; the wish is back on the wall' };
  return { after, event: statusEvent(after, message, cause === 'lapsed' ? 'system' : 'team') };
}

/** Whether `claimer` holds this wish's open claim. */
export function isClaimedBy(request: ServiceRequest, claimer: Pick<Claimer, 'kind' | 'id'>): boolean {
  const held = request.status === 'ACCEPTED' && request.claim?.claimer.kind === claimer.kind && request.claim.claimer.id === claimer.id;
  // A team's claim holds while the order is still with that team (staff may have taken it back).
  return held && (claimer.kind !== 'team' || request.assignedTeam?.id === claimer.id);
}

/**
 * Whether `claimer` ended their claim this way already: gave it up (and holds it no more), or
 * reported it fulfilled. A repeated tap or a retry is then answered as the first was.
 */
export function claimEndedBy(request: ServiceRequest, claimer: Pick<Claimer, 'kind' | 'id'>, how: 'given-up' | 'fulfilled'): boolean {
  const same = (c: Pick<Claimer, 'kind' | 'id'> | undefined) => c?.kind === claimer.kind && c.id === claimer.id;
  if (how === 'given-up') return same(request.givenUp?.claimer) && !isClaimedBy(request, claimer);
  // The claim stays on a fulfilled wish as history (until a reopening drops it).
  return (request.status === 'COMPLETED' || request.status === 'CLOSED') && same(request.claim?.claimer);
}

/**
 * A volunteer or unit reports the wish fulfilled: COMPLETED, and the resident (or the station for
 * them) confirms by rating as for any completed request. A volunteer's minutes go on their one
 * ledger when it closes; a work unit claims without points.
 */
export function fulfil(request: ServiceRequest, claimer: Claimer, now: Date, minutes: number | undefined, note?: string): Transition {
  if (!isClaimedBy(request, claimer)) throw new ConflictError('Only the claimer can report this wish fulfilled, once');
  const at = now.toISOString();
  const hours = claimer.kind === 'volunteer' && minutes ? [{ volunteer: claimer.name, volunteerId: claimer.id, minutes }] : [];
  checkVisitMinutes(hours, visitMinutesBound(request, now), () => 'minutes');
  const after: ServiceRequest = {
    // The claim stays as history: the statistics count the fulfilment by kind of claimer.
    ...withStatus(request, 'COMPLETED', at),
    completion: { completedAt: at, ...(note ? { note } : {}), hours },
    dueAt: feedbackDeadline(at),
  };
  const who = claimerLabel(claimer);
  const event = statusEvent(after, { zh: `${who.zh}已实现心愿`, en: `${who.en} fulfilled the wish` }, 'team');
  return { after, event: note ? { ...event, detail: note } : event };
}
