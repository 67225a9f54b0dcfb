/**
 * Which teams a request is not offered to, and for how long; and whether any team is left that
 * could ever take it. A team that declined as out of its area or skill, or for another reason, or
 * that staff took the request back from, is excluded for good (`excludedTeams`). One that was too
 * busy, let the offer lapse, or had it withdrawn as it no longer serves the request's area or
 * service (`moved`) is left out only for `COOLING_OFF_MINUTES` (`coolingOff`): after that the
 * waiting re-check, or the team's freed capacity, may offer it the request again. A paused team's
 * withdrawn offer excludes it not at all (its period ends as it is set, so the team may still
 * look the request up): being paused keeps it from offers until it resumes. Nor does an offer
 * the team was never reached about (`unreached`): it may be offered the request again at once,
 * unless that was its `UNREACHED_BEFORE_COOLING`th such end in a row (`unreachedInARow`): then it
 * cools off too, so that other teams get their turn while it cannot be reached.
 */
import { addMinutes } from './dispatch-policy';
import { declineReasonText, type DeclineReason, type ReleaseCause } from './decline';
import type { ServiceRequest } from './service-request';
import type { TeamLoad } from './team';

/** How long a busy decline, a lapse or a withdrawn offer keeps the team from being offered the request again. */
export const COOLING_OFF_MINUTES = 120;

/** How many offers in a row a team may be unreached about before it cools off like a lapse. */
export const UNREACHED_BEFORE_COOLING = 2;

/**
 * Why an offer ended: the team's answer or its lapse; staff pausing the team or changing what it
 * serves; or (`unreached`) its deadline passed with the team never reached: the offer's notice was
 * not delivered, or the system was down at the deadline. Only the first is the team's doing.
 */
export type OfferEnd = ReleaseCause | 'paused' | 'moved' | 'unreached';

/** Ended by staff's change of the team, not by its answer or lapse: no decline or lapse of the team's in the statistics. */
export function withdrawn(end: OfferEnd): end is 'paused' | 'moved' {
  return end === 'paused' || end === 'moved';
}

/** Not the team's answer or lapse: no decline or lapse of its in the statistics, no automatic offer used up. */
export function notTheTeams(end: OfferEnd): end is 'paused' | 'moved' | 'unreached' {
  return withdrawn(end) || end === 'unreached';
}

type Exclusions = Pick<ServiceRequest, 'excludedTeams' | 'coolingOff' | 'unreachedInARow'>;

/** The teams not to be offered the request at `now`: those excluded for good and those still cooling off. */
export function excludedAt(request: Exclusions, now: Date): Set<string> {
  const at = now.toISOString();
  const cooling = Object.entries(request.coolingOff ?? {}).filter(([, until]) => until > at);
  return new Set([...(request.excludedTeams ?? []), ...cooling.map(([teamId]) => teamId)]);
}

/** The team declined, let an offer lapse or was taken back from it, ever: it may still look the request up. */
export function passedOn(request: Exclusions, teamId: string): boolean {
  return (request.excludedTeams ?? []).includes(teamId) || request.coolingOff?.[teamId] !== undefined;
}

/** The request with `teamId` excluded after its offer ended so: for good, or for the cooling-off period. */
export function excludeAfter<R extends Exclusions>(
  request: R,
  teamId: string,
  end: OfferEnd,
  reason: DeclineReason | undefined,
  now: Date,
): R {
  const at = now.toISOString();
  const forAWhile = end !== 'declined' || reason === 'busy';
  // Periods that ended are dropped; the team's own is set anew, or dropped when it is excluded for good.
  const cooling = Object.entries(request.coolingOff ?? {}).filter(([id, until]) => until > at && id !== teamId);
  // Unreached: the team's ends in a row so far; any other end breaks the row.
  const row = end !== 'unreached' ? 0 : request.unreachedInARow?.teamId === teamId ? request.unreachedInARow.count + 1 : 1;
  const atOnce = end === 'paused' || (end === 'unreached' && row < UNREACHED_BEFORE_COOLING);
  if (forAWhile) cooling.push([teamId, atOnce ? at : addMinutes(at, COOLING_OFF_MINUTES)]);
  const { coolingOff: _c, excludedTeams: _e, unreachedInARow: _u, ...rest } = request;
  const excludedTeams = forAWhile ? (request.excludedTeams ?? []) : [...new Set([...(request.excludedTeams ?? []), teamId])];
  return {
    ...rest,
    ...(excludedTeams.length > 0 ? { excludedTeams } : {}),
    ...(cooling.length > 0 ? { coolingOff: Object.fromEntries(cooling) } : {}),
    ...(row > 0 ? { unreachedInARow: { teamId, count: row } } : {}),
  } as R;
}

/**
 * Who is left for the request among `teams` (those serving its area and service): `others`, a
 * team it may be offered now or once free or back from a day off; `later`, only teams cooling
 * off or paused; `none`, no team could ever take it (none serves it, or each is excluded for
 * good), so waiting for one would only keep it from the center.
 */
export type Prospects = 'others' | 'later' | 'none';

export function prospects(request: Exclusions, teams: readonly TeamLoad[], now: Date): Prospects {
  const possible = teams.filter((t) => !(request.excludedTeams ?? []).includes(t.id));
  if (possible.length === 0) return 'none';
  const excluded = excludedAt(request, now);
  return possible.some((t) => !t.paused && !excluded.has(t.id)) ? 'others' : 'later';
}

/** The timeline's words for how the team's offer ended. */
export function whyEnded(teamName: string, end: OfferEnd, reason: DeclineReason | undefined): { zh: string; en: string } {
  if (end === 'timeout') return { zh: `${teamName} 未在期限内接单`, en: `${teamName} did not accept in time` };
  if (end === 'paused') return { zh: `${teamName} 已暂停接单，派单已收回`, en: `${teamName} was paused; offer withdrawn` };
  if (end === 'unreached') return { zh: `未能通知到 ${teamName}，派单已收回`, en: `${teamName} was not reached; offer withdrawn` };
  if (end === 'moved') return { zh: `${teamName} 的服务范围已调整，派单已收回`, en: `${teamName} no longer serves this; offer withdrawn` };
  const text = declineReasonText[reason ?? 'other'];
  return { zh: `${teamName} 婉拒了派单（${text.zh}）`, en: `${teamName} declined (${text.en.toLowerCase()})` };
}

/** The timeline's words for what happens next, after an offer ended (`none`: it goes to the center). */
export const prospectsText: Readonly<Record<Prospects, { readonly zh: string; readonly en: string }>> = {
  others: { zh: '正在寻找其他服务队', en: 'looking for another team' },
  later: { zh: '暂无其他服务队，稍后再次派单', en: 'no other team for now; it is offered again later' },
  none: {
    zh: '本区域暂无可接单的服务队，已转交中心人工派单',
    en: 'no team serving this area can take it; passed to the center to dispatch by hand',
  },
};
