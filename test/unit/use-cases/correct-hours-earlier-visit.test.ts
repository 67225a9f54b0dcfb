/**
 * An hours correction naming a guest of a visit before the request was reopened (review 48): only
 * the last visit is corrected, so a guest of an earlier visit by another team is refused, not
 * credited to a new ledger of the last visit's team.
 */
import { expect, it } from 'vitest';
import { personKey } from '#shared/domain/volunteer';
import { correctClosedHours } from '#shared/use-cases/correct-hours';
import { issueText } from '#shared/web/browser/common/error-words';
import { KEDA } from '../../support/fixtures';
import { refusal } from '../../support/rejection';
import { KEDA_STAFF, servedTeam } from '../../support/served-team';

/** Team `a` served the request last; before it was reopened, `earlierTeam` served it with the guest 老王 (60 min, credited). */
async function reopenedAfter(earlierTeam: string) {
  const world = await servedTeam();
  const { mem } = world;
  const id = await world.closedRequest();
  const request = mem.requests.requests.get(id)!;
  const earlier = {
    completedAt: '2026-03-08T02:00:00.000Z',
    team: { id: earlierTeam, name: '乙队' },
    hours: [{ volunteer: '老王', minutes: 60 }],
  };
  mem.requests.requests.set(id, { ...request, earlierCompletions: [earlier] });
  const posting = { volunteerKey: `${earlierTeam}:老王`, requestId: id, teamId: earlierTeam, minutes: 60, hours: 1, points: 0.25 };
  expect(await mem.credits.post({ ...posting, at: request.updatedAt })).toBe('posted');
  return { mem, id };
}

it('refuses a name only a guest of an earlier visit by another team names, on its field; nothing is written', async () => {
  const { mem, id } = await reopenedAfter('b');
  const before = mem.requests.requests.get(id)!;
  const body = { hours: [{ volunteer: '老王', minutes: 120 }], reason: '老王实际 2 小时' };
  const refused = await refusal(correctClosedHours(mem, KEDA_STAFF, id, body));
  expect(refused.issues).toEqual([{ field: 'hours.0.volunteer', message: expect.stringContaining('only the last visit') }]);
  // The Chinese console says it in Chinese, not in the server's English.
  expect(issueText(refused.issues[0]!.message, 'zh')).toBe(
    '这个名字只是之前另一支服务队上门时的临时帮手：只能更正最后一次（本队）上门的时长',
  );
  expect(await mem.credits.creditFor('a:老王', id)).toBeUndefined();
  expect((await mem.credits.creditFor('b:老王', id))?.entry).toMatchObject({ minutes: 60, hours: 1 });
  expect(mem.requests.requests.get(id)).toEqual(before);
});

it("corrects a guest of an earlier visit by the same team: that guest's ledger is the team's", async () => {
  const { mem, id } = await reopenedAfter('a');
  const body = { hours: [{ volunteer: '老王', minutes: 120 }], reason: '老王实际 2 小时' };
  const { volunteers } = await correctClosedHours(mem, KEDA_STAFF, id, body);
  expect(volunteers).toEqual([expect.objectContaining({ volunteer: '老王' })]);
  expect(await mem.credits.creditFor('b:老王', id)).toBeUndefined();
  // The ledger holds both visits of the guest: the earlier 60 minutes and the 120 the last visit now records.
  expect((await mem.credits.creditFor('a:老王', id))?.entry).toMatchObject({ minutes: 180, hours: 3, adjustments: 1 });
});

it('names a member of this team who goes by the name of an earlier visit’s guest of another team: the console sends names only', async () => {
  const { mem, id } = await reopenedAfter('b');
  const at = mem.requests.requests.get(id)!.updatedAt;
  const member = { id: 'p3p3p3p3p3p3p3p3p3p3', name: '老王', phone: '+8613700003333', homeAreaId: KEDA };
  await mem.volunteers.register({ ...member, registeredAt: at, registeredBy: { kind: 'self' } });
  await mem.volunteers.addMember({ teamId: 'a', volunteerId: member.id, since: at });
  const body = { hours: [{ volunteer: '老王', minutes: 120 }], reason: '队员老王也来了' };
  const { volunteers } = await correctClosedHours(mem, KEDA_STAFF, id, body);
  expect(volunteers).toEqual([expect.objectContaining({ volunteer: '老王', volunteerId: member.id })]);
  expect(await mem.credits.creditFor('a:老王', id)).toBeUndefined();
  expect((await mem.credits.creditFor('b:老王', id))?.entry).toMatchObject({ minutes: 60, hours: 1 });
  expect((await mem.credits.creditFor(personKey(member.id), id))?.entry).toMatchObject({ minutes: 120 });
});

it("refuses a guest's row whose hours went to a ledger that is no person's, in the console's language", async () => {
  const { mem, id } = await reopenedAfter('a');
  await mem.credits.merge('a:老王', 'a:王师傅', '2026-12-01T00:00:00.000Z');
  const body = { hours: [{ volunteer: '老王', minutes: 120 }], reason: '老王实际 2 小时' };
  const refused = await refusal(correctClosedHours(mem, KEDA_STAFF, id, body));
  expect(refused.issues).toEqual([{ field: 'hours.0.volunteer', message: "This guest's hours were merged into another ledger" }]);
  expect(issueText(refused.issues[0]!.message, 'zh')).toBe('这位临时帮手的时长已合并到别的账户，不能在这里更正');
  expect(issueText(refused.issues[0]!.message, 'en')).toBe(
    'This guest’s hours were merged into another ledger: they cannot be corrected here',
  );
});
