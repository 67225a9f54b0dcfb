/**
 * On the local stack: a request keeps the credit rules in force at its completion (in its own
 * item, as `4/8`), and an hours correction after a rules change prices by them, not by the new
 * ones (shared/domain/credit-rules-of-request.ts), and so do the dashboard's statistics.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { call, postJson } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { serveOrder } from '../support/served-order';
import { foldsTo, plus, teamWithMembers, today, volunteerDashboard } from '../support/volunteer-figures';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the credit rules a request keeps', () => {
  it('price its hours correction after the rules changed: the ledger keeps its hours and points', async () => {
    const { url, adapters, stack } = local();
    const { team, people } = await teamWithMembers(local(), 'kept-rules-team', ['吴志愿']);
    const wu = people[0]!;
    const from = today();
    const { read: dashboard, shows } = volunteerDashboard(local(), from);
    const earlier = await dashboard();
    const id = await serveOrder(local(), team, [{ volunteerId: wu.id, minutes: 120 }]);
    await eventually(async () => (await adapters.credits.balance(wu.key)).hours === 2);
    const db = createDocumentClient(stack.dynamodb);
    const item = (await db.send(new GetCommand({ TableName: stack.tableName, Key: keys.request(id), ConsistentRead: true }))).Item;
    expect(item?.creditRules).toBe('4/8');
    expect((await adapters.requests.get(id))?.creditRules).toEqual({ hoursPerPoint: 4, maxHoursPerActivity: 8 });

    const changed = await call(`${url}/admin/credit-rules`, {
      method: 'PUT',
      headers: { ...bearer(stack.adminTokens.center), 'content-type': 'application/json' },
      body: JSON.stringify({ hoursPerPoint: 1, maxHoursPerActivity: 1 }),
    });
    expect(changed.status, changed.text).toBe(200);
    const body = { hours: [{ volunteerId: wu.id, minutes: 130 }], reason: '实际多待了 10 分钟' };
    const corrected = await postJson(`${url}/admin/requests/${id}/hours-correction`, body, bearer(stack.adminTokens.station));
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.json().volunteers).toEqual([
      expect.objectContaining({
        outcome: 'adjusted',
        from: { minutes: 120, hours: 2, points: 0.5 },
        to: { minutes: 130, hours: 2, points: 0.5 },
      }),
    ]);
    expect(await adapters.credits.balance(wu.key)).toMatchObject({ hours: 2, pointsEarned: 0.5, balance: 0.5 });
    // The dashboard prices the close and the correction by the kept rules too, as the ledger does,
    // read from the day's facts and once folded; not 1 h for 1 point by the rules now (rev61 finding 2).
    const figures = plus(earlier, { people: 1, minutes: 130, hours: 2, points: 0.5 });
    await shows(figures);
    await foldsTo(local(), from, figures);
  });
});
