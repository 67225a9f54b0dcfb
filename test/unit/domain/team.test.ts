import { describe, expect, it } from 'vitest';
import { changedFields, servicesHandledBy } from '#shared/domain/team';
import { teamFixture } from '../../support/fixtures';

describe('changedFields', () => {
  const team = teamFixture('t', { name: { zh: '队', en: 'Team' }, services: ['a', 'b'], about: '介绍' });

  it('keeps only the given fields whose value differs', () => {
    expect(changedFields(team, { capacity: 5, services: ['a', 'b'], servesAreaId: team.servesAreaId, about: '新介绍' })).toEqual({
      about: '新介绍',
    });
    expect(changedFields(team, { services: ['b', 'a'] })).toEqual({ services: ['b', 'a'] });
    expect(changedFields(team, { capacity: 6, channels: [{ kind: 'email', address: 'x@example.invalid' }] })).toEqual({
      capacity: 6,
      channels: [{ kind: 'email', address: 'x@example.invalid' }],
    });
  });

  it('compares objects whatever their key order, and sees a field the team lacks as a change', () => {
    expect(changedFields(team, { name: { en: 'Team', zh: '队' } })).toEqual({});
    expect(changedFields(team, { name: { en: 'Team', zh: '新队' } })).toEqual({ name: { en: 'Team', zh: '新队' } });
    expect(changedFields(teamFixture('u'), { about: '第一次' })).toEqual({ about: '第一次' });
    expect(changedFields(team, { about: undefined })).toEqual({});
  });

  it('servicesHandledBy: the team’s own codes plus its categories’ services, sorted', () => {
    const services = [
      { code: 'z', category: 'c1' },
      { code: 'y', category: 'c2' },
    ];
    expect(servicesHandledBy({ ...team, services: ['b'], categories: ['c1'] }, services)).toEqual(['b', 'z']);
  });
});
