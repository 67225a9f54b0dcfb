import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '#shared/domain/errors';
import { assertTransition, canTransition, refusedChange, requestStatuses } from '#shared/domain/request-state';
import { withStatus } from '#shared/domain/service-request';

const transitions = () =>
  requestStatuses.flatMap((from) => requestStatuses.filter((to) => canTransition(from, to)).map((to) => [from, to] as const));

describe('the request state machine', () => {
  it('has the twelve named states', () => {
    expect(requestStatuses).toEqual([
      'SUBMITTED',
      'WAITING',
      'OFFERED',
      'ACCEPTED',
      'COMPLETED',
      'CLOSED',
      'ESCALATED',
      'CANCELLED',
      'REJECTED',
      'EXPIRED',
      'REVIEW',
      'PUBLISHED',
    ]);
  });

  it('allows the paths of the workflow', () => {
    for (const [from, to] of [
      ['SUBMITTED', 'OFFERED'],
      ['SUBMITTED', 'WAITING'],
      ['WAITING', 'OFFERED'],
      ['OFFERED', 'ACCEPTED'],
      ['OFFERED', 'WAITING'],
      ['ACCEPTED', 'COMPLETED'],
      ['ACCEPTED', 'WAITING'],
      ['COMPLETED', 'CLOSED'],
      ['COMPLETED', 'WAITING'],
      ['ESCALATED', 'OFFERED'],
      ['WAITING', 'EXPIRED'],
      ['SUBMITTED', 'REVIEW'],
      ['OFFERED', 'REVIEW'],
      ['REVIEW', 'PUBLISHED'],
      ['PUBLISHED', 'ACCEPTED'],
      ['ACCEPTED', 'PUBLISHED'],
      ['PUBLISHED', 'EXPIRED'],
    ] as const) {
      expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
    }
  });

  it('refuses shortcuts and any move out of a final state', () => {
    expect(() => assertTransition('SUBMITTED', 'ACCEPTED')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('WAITING', 'COMPLETED')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('ACCEPTED', 'OFFERED')).toThrow(IllegalTransitionError);
    // A wish is never public before the station reviewed it.
    expect(() => assertTransition('SUBMITTED', 'PUBLISHED')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('WAITING', 'PUBLISHED')).toThrow(IllegalTransitionError);
    for (const final of ['CLOSED', 'CANCELLED', 'REJECTED', 'EXPIRED'] as const) {
      for (const to of requestStatuses) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('reaches every state from SUBMITTED', () => {
    const reached = new Set(['SUBMITTED']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [from, to] of transitions()) if (reached.has(from) && !reached.has(to)) reached.add(to), (grew = true);
    }
    expect([...reached].sort()).toEqual([...requestStatuses].sort());
  });

  it('lists the sources of a state', () => {
    const sourcesOf = (to: (typeof requestStatuses)[number]) => requestStatuses.filter((from) => canTransition(from, to));
    expect(sourcesOf('ACCEPTED')).toEqual(['OFFERED', 'PUBLISHED']);
    expect(sourcesOf('PUBLISHED')).toEqual(['ACCEPTED', 'REVIEW']);
    expect(sourcesOf('CANCELLED').sort()).toEqual(['ACCEPTED', 'ESCALATED', 'OFFERED', 'PUBLISHED', 'REVIEW', 'SUBMITTED', 'WAITING']);
  });

  it('raises the version and the update time on every change', () => {
    const request = { status: 'SUBMITTED', version: 3, updatedAt: 'then' } as never;
    expect(withStatus(request, 'WAITING', 'now')).toMatchObject({ status: 'WAITING', version: 4, updatedAt: 'now' });
    expect(() => withStatus(request, 'CLOSED', 'now')).toThrow(IllegalTransitionError);
  });

  it('says a change lost to another one that still allows it changed meanwhile, and names a move the state forbids', () => {
    const raced = refusedChange('WAITING', 'CANCELLED');
    expect([raced.raced, raced.message]).toEqual([true, 'The request changed in the meantime (it is now WAITING); reload and try again']);
    const forbidden = refusedChange('CLOSED', 'CANCELLED');
    expect([forbidden.raced, forbidden.message]).toEqual([false, 'A request in state CLOSED cannot move to CANCELLED']);
  });
});
