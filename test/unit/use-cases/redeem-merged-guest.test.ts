/** Redeeming from a guest's ledger that a merge moved into a person's (review 48): 409 naming the ledger, nothing spent. */
import { expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { ConflictError } from '#shared/domain/errors';
import { personKey } from '#shared/domain/volunteer';
import { redeemPoints } from '#shared/use-cases/volunteer-credits';
import { KEDA } from '../../support/fixtures';
import { rejection } from '../../support/rejection';

it("refuses a redemption from a merged guest's ledger with a 409 naming it; a retry under the first key still gets its code", async () => {
  const now = new Date('2026-11-29T08:00:00.000Z');
  const mem = memoryDeps({ clock: { now: () => now } });
  const [guest, person] = ['keda-team:小李', personKey('p1')];
  const at = now.toISOString();
  await mem.credits.post({ volunteerKey: guest, requestId: 'r1', teamId: 'keda-team', minutes: 480, hours: 8, points: 2, at });
  const input = { volunteerKey: guest, points: 1, item: '毛巾', by: { id: 's', name: 's' }, stationAreaId: KEDA };
  const first = await redeemPoints(mem, { ...input, idempotencyKey: 'counter-7f3a9c21' });
  await mem.credits.merge(guest, person, at);

  const refused = await rejection(redeemPoints(mem, { ...input, idempotencyKey: 'counter-8e4b0d32' }));
  expect(refused).toBeInstanceOf(ConflictError);
  expect(refused.message).toContain(`The ledger ${guest} was merged into a registered volunteer's`);
  expect(await rejection(redeemPoints(mem, input))).toBeInstanceOf(ConflictError);
  expect(await redeemPoints(mem, { ...input, idempotencyKey: 'counter-7f3a9c21' })).toEqual(first);
  expect(await mem.credits.balance(person)).toMatchObject({ pointsEarned: 2, pointsSpent: 1, balance: 1 });
  expect(await redeemPoints(mem, { ...input, volunteerKey: person })).toMatchObject({ at });
  expect(await mem.credits.balance(person)).toMatchObject({ pointsSpent: 2, balance: 0 });
});
