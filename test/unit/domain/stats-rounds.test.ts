import { describe, expect, it } from 'vitest';
import { offerByHand, takeBack } from '#shared/domain/admin-actions';
import { complete } from '#shared/domain/completion';
import { defaultCreditRules } from '#shared/domain/credit';
import type { RankedTeam } from '#shared/domain/matching';
import { accept, offerTo, toReview, type Transition } from '#shared/domain/offer-lifecycle';
import { factOf, type RequestFact } from '#shared/domain/request-fact';
import { reopen } from '#shared/domain/resident-feedback';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { kpisOf, sumCounts, tallyOf } from '#shared/domain/stats';
import { claim, publish } from '#shared/domain/wish';
import { requestFixture, teamFixture } from '../../support/fixtures';

const staff: Staff = { id: 'c', name: 'center', role: 'center' };
const t = (hhmm: string) => new Date(`2026-11-29T${hhmm}:00+08:00`);
const ranked = (id: string): RankedTeam => ({
  team: { ...teamFixture(id), active: 0 },
  proximity: 0,
  freeRatio: 1,
  belowFairShare: true,
  reason: { zh: 'r', en: 'r' },
});

/** The facts of a request's changes, each as the repository stores it with its change. */
function factsOf(start: ServiceRequest, steps: ReadonlyArray<(r: ServiceRequest) => Transition>): RequestFact[] {
  const facts = [factOf(undefined, start)];
  let request = start;
  for (const step of steps) {
    const { after, event } = step(request);
    facts.push(factOf(request, after, event));
    request = after;
  }
  return facts;
}

function counted(facts: readonly RequestFact[]) {
  const tallies = facts.map((f) => tallyOf(f, { creditRules: defaultCreditRules }));
  const teams = new Map<string, Record<string, number>>();
  for (const { team } of tallies) if (team) teams.set(team.teamId, sumCounts([teams.get(team.teamId) ?? {}, team.counts]));
  return { kpis: kpisOf(sumCounts(tallies.map((x) => x.counts))), teams: Object.fromEntries(teams) };
}

describe('a reassign after acceptance', () => {
  const submitted = requestFixture({ createdAt: t('10:00').toISOString(), updatedAt: t('10:00').toISOString() });
  const reassigned = factsOf(submitted, [
    (r) => offerTo(r, ranked('a'), t('10:01')),
    (r) => accept(r, 'a', t('10:05')),
    (r) => takeBack(r, staff, 'short of hands', t('11:00')),
    (r) => offerTo(r, ranked('b'), t('11:00')),
    (r) => accept(r, 'b', t('11:10')),
  ]);

  it('counts the request accepted once, at its first acceptance', () => {
    expect(reassigned.at(-1)).toMatchObject({ to: 'ACCEPTED', teamId: 'b', acceptedAgain: true });
    expect(reassigned.filter((f) => f.acceptedAgain)).toHaveLength(1);
    const { kpis } = counted(reassigned);
    expect(kpis.accepted).toBe(1);
    expect(kpis.onTimeAcceptanceRate).toBe(1);
    expect(kpis.timeToAccept).toMatchObject({ count: 1, meanMinutes: 5 });
  });

  it('counts the acceptance handed back against the team that gave it up, and the next one for the team that took it', () => {
    expect(counted(reassigned).teams).toEqual({ a: { offers: 1, accepted: 1, takenBack: 1 }, b: { offers: 1, accepted: 1 } });
  });

  it('counts an acceptance again after a reopening: a new round', () => {
    const closedAndReopened: ServiceRequest = {
      ...submitted,
      status: 'WAITING',
      version: 9,
      acceptedAt: t('10:05').toISOString(),
      reopenedAt: t('12:00').toISOString(),
      updatedAt: t('12:00').toISOString(),
    };
    const facts = factsOf(closedAndReopened, [(r) => offerTo(r, ranked('a'), t('12:01')), (r) => accept(r, 'a', t('12:03'))]);
    expect(facts.some((f) => f.acceptedAgain)).toBe(false);
    expect(counted(facts).kpis.accepted).toBe(1);
  });

  it('counts the acceptance of a reopened request’s new round, its offer accepted in the round before', () => {
    const rounds = factsOf(submitted, [
      (r) => offerTo(r, ranked('a'), t('10:01')),
      (r) => accept(r, 'a', t('10:05')),
      (r) => complete(r, 'a', t('10:30'), { hours: [] }),
      (r) => reopen(r, t('12:00')),
      (r) => offerTo(r, ranked('a'), t('12:01')),
      (r) => accept(r, 'a', t('12:03')),
    ]);
    expect(rounds.some((f) => f.acceptedAgain)).toBe(false);
    expect(counted(rounds).kpis.accepted).toBe(2);
  });

  it('reads a request stored before offerAcceptedAt by its acceptedAt', () => {
    const acceptedBeforeUpgrade: ServiceRequest = {
      ...submitted,
      status: 'ACCEPTED',
      version: 3,
      assignedTeam: { id: 'a', name: 'a' },
      acceptedAt: t('10:05').toISOString(),
      updatedAt: t('10:05').toISOString(),
    };
    const facts = factsOf(acceptedBeforeUpgrade, [
      (r) => takeBack(r, staff, 'short of hands', t('11:00')),
      (r) => offerTo(r, ranked('b'), t('11:00')),
      (r) => accept(r, 'b', t('11:10')),
    ]);
    expect(facts.filter((f) => f.acceptedAgain).map((f) => f.teamId)).toEqual(['b']);
  });
});

describe('a wish a team claimed, taken back and given to another team', () => {
  const submitted = requestFixture({ serviceCode: 'micro-wish', createdAt: t('10:00').toISOString(), updatedAt: t('10:00').toISOString() });
  // Claimed by team a from the wall, taken back, offered to team b, which accepts.
  const acceptedByB: Parameters<typeof factsOf>[1] = [
    (r) => toReview(r, t('10:01'), 'claim-mode'),
    (r) => publish(r, { text: '一台收音机', wisher: '王奶奶' }, 'staff', t('10:02')),
    (r) => claim(r, { kind: 'team', id: 'a', name: 'a' }, t('10:03')),
    (r) => takeBack(r, staff, 'not them', t('10:04')),
    (r) => offerByHand(r, ranked('b'), staff, t('10:05')),
    (r) => accept(r, 'b', t('10:06')),
  ];
  const handedOn = factsOf(submitted, [...acceptedByB, (r) => complete(r, 'b', t('10:30'), { hours: [] })]);

  it('counts the claim as the wall’s and the offer accepted after it as the request’s acceptance', () => {
    expect(handedOn.some((f) => f.acceptedAgain)).toBe(false);
    const { kpis, teams } = counted(handedOn);
    expect(kpis).toMatchObject({ accepted: 1, completed: 1 });
    expect(kpis.wishes).toMatchObject({ claimed: 1, returned: 0 });
    expect(kpis.timeToAccept).toMatchObject({ count: 1, meanMinutes: 6 });
    expect(teams.b).toEqual({ offers: 1, accepted: 1, completed: 1 });
  });

  it('still counts an acceptance of an offer taken back after it once', () => {
    const again = factsOf(submitted, [
      ...acceptedByB,
      (r) => takeBack(r, staff, 'short of hands', t('10:07')),
      (r) => offerByHand(r, ranked('c'), staff, t('10:08')),
      (r) => accept(r, 'c', t('10:09')),
    ]);
    expect(again.filter((f) => f.acceptedAgain).map((f) => f.teamId)).toEqual(['c']);
    expect(counted(again).kpis.accepted).toBe(1);
  });
});

describe('an offer accepted, taken back, claimed from the wall by another team, taken back again and accepted by a third', () => {
  it('counts the round accepted once: the claim does not hide the acceptance before it', () => {
    const submitted = requestFixture({ createdAt: t('10:00').toISOString(), updatedAt: t('10:00').toISOString() });
    const facts = factsOf(submitted, [
      (r) => offerTo(r, ranked('a'), t('10:01')),
      (r) => accept(r, 'a', t('10:02')),
      (r) => takeBack(r, staff, 'short of hands', t('10:03')),
      (r) => toReview(r, t('10:04'), 'no-team'),
      (r) => publish(r, { text: '一台收音机', wisher: '王奶奶' }, 'staff', t('10:05')),
      (r) => claim(r, { kind: 'team', id: 'b', name: 'b' }, t('10:06')),
      (r) => takeBack(r, staff, 'not them', t('10:07')),
      (r) => offerByHand(r, ranked('c'), staff, t('10:08')),
      (r) => accept(r, 'c', t('10:09')),
    ]);
    expect(facts.filter((f) => f.acceptedAgain).map((f) => f.teamId)).toEqual(['c']);
    const { kpis } = counted(facts);
    expect(kpis.accepted).toBe(1);
    expect(kpis.timeToAccept).toMatchObject({ count: 1, meanMinutes: 2 });
  });
});
