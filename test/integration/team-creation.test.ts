/**
 * Creating a team on DynamoDB Local: the team, its coverage and its first token hash are written
 * together or not at all, whichever of its writes fails and whether before it reached the table or
 * after it committed (its answer lost); and of two creations of one id at once, one is created
 * (201, with the one token that works) and the other told it exists (409).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { sha256 } from '#shared/domain/identifiers';
import type { Staff } from '#shared/domain/staff';
import { systemClock } from '#shared/ports/clock';
import { createTeam } from '#shared/use-cases/admin-teams';
import { tableAdapters } from '#shared/wiring/composition';
import { KEDA } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();
const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const services = ['appliance-repair', 'elderly-visit'];

const newTeam = (id: string, capacity = 2) => ({
  id,
  name: { zh: '科大服务队', en: 'Keda team' },
  stationAreaId: KEDA,
  servesAreaId: KEDA,
  services,
  capacity,
});

const writes = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

/**
 * A client whose `nth` write fails, outside the SDK's retries: `before` it reaches the table
 * (throttled), or `after` the table took it (the answer lost, as when the function dies).
 */
function failingWrite(nth: number, when: 'before' | 'after') {
  const client = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
  const fault = { injected: false };
  let seen = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!writes.has(context.commandName ?? '') || ++seen !== nth) return next(args);
      fault.injected = true;
      if (when === 'before') throw Object.assign(new Error('throttled (injected)'), { name: 'ThrottlingException', $metadata: {} });
      await next(args);
      throw Object.assign(new Error('answer lost (injected)'), { name: 'InjectedCrash' });
    },
    { step: 'initialize', name: 'failWrite' },
  );
  return { client, fault };
}

/** What the table holds of the team: nothing, the whole team, or the parts found. */
async function stored(id: string): Promise<string> {
  const { teams } = local().adapters;
  const [team, handles, hash] = await Promise.all([teams.get(id), teams.handledServices(id), teams.tokenHash(id)]);
  if (!team && handles.length === 0 && hash === undefined) return 'nothing';
  const listed = (await teams.stationedWithin(KEDA)).some((t) => t.id === id);
  const found = (await teams.candidates('elderly-visit', [KEDA])).some((t) => t.id === id);
  if (team?.capacity === 2 && listed && found && handles.sort().join() === services.join() && hash !== undefined) return 'whole';
  return JSON.stringify({ team: team !== undefined, listed, found, handles, hash: hash !== undefined });
}

describe('creating a team', () => {
  it.each(['before', 'after'] as const)(
    'writes all of it or nothing when any one of its writes fails %s reaching the table',
    async (when) => {
      const { stack } = local();
      for (let nth = 1; nth <= 10; nth++) {
        const id = `whole-${when}-${nth}`;
        const { client, fault } = failingWrite(nth, when);
        const adapters = tableAdapters(stack.tableName, createDocumentClient(client));
        const outcome = await createTeam({ ...adapters, clock: systemClock }, center, newTeam(id)).then(
          () => 'created',
          (e: Error) => e.message,
        );
        if (!fault.injected) {
          // Past its last write: the creation ran through.
          expect(outcome).toBe('created');
          expect(await stored(id)).toBe('whole');
          return;
        }
        expect(outcome).toMatch(/\(injected\)$/);
        expect(await stored(id)).toBe(when === 'before' ? 'nothing' : 'whole');
      }
      throw new Error('the creation never ran past its writes');
    },
  );

  it('answers one of two creations of the same id sent at once with 201 and the token that works, the other with 409', async () => {
    const { url, adapters, stack } = local();
    const ids = Array.from({ length: 5 }, (_, i) => `twice-${i}`);
    const replies = await Promise.all(
      ids.map((id) =>
        Promise.all([1, 2].map((capacity) => postJson(`${url}/admin/teams`, newTeam(id, capacity), bearer(stack.adminTokens.center)))),
      ),
    );
    for (const [i, pair] of replies.entries()) {
      expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
      const created = pair.find((r) => r.status === 201)!.json();
      const refused = pair.find((r) => r.status === 409)!.json();
      expect(refused).not.toHaveProperty('token');
      expect(await adapters.teams.tokenHash(ids[i]!)).toBe(sha256(created.token.split('.')[1]));
      expect((await adapters.teams.get(ids[i]!))?.capacity).toBe(created.team.capacity);
      expect((await call(`${url}/team/offers`, { headers: bearer(created.token) })).status).toBe(200);
    }
  });
});
