import { expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { NotFoundError, RateLimitedError } from '#shared/domain/errors';
import { addTeamMember, MEMBER_LOOKUPS_PER_TEAM_PER_DAY } from '#shared/use-cases/volunteers';
import { KEDA } from '../../support/fixtures';

it('lets a team look up a bounded number of phones a day, found or not, so a token is no phone-to-name directory', async () => {
  const mem = memoryDeps();
  await mem.volunteers.register({
    id: 'p1',
    name: '吴志愿',
    phone: '+8613700001111',
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });
  expect(await addTeamMember(mem, 'team-a', { phone: '13700001111' })).toMatchObject({ id: 'p1', name: '吴志愿' });
  for (let i = 1; i < MEMBER_LOOKUPS_PER_TEAM_PER_DAY.limit; i++) {
    const phone = `137${String(20000000 + i)}`;
    await expect(addTeamMember(mem, 'team-a', { phone })).rejects.toBeInstanceOf(NotFoundError);
  }
  await expect(addTeamMember(mem, 'team-a', { phone: '13700001111' })).rejects.toBeInstanceOf(RateLimitedError);
  // Another team's lookups are its own.
  expect(await addTeamMember(mem, 'team-b', { phone: '13700001111' })).toMatchObject({ id: 'p1' });
});
