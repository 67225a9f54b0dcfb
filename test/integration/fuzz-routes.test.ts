import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import { offerLinkQuery, signOfferLink } from '#shared/domain/offer-link';
import { issueTeamToken } from '#shared/domain/team-token';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { type FunctionSpec, functionNames, type HttpTrigger, topology } from '#shared/topology/topology';
import { requestFixture, teamFixture } from '../support/fixtures';
import { call, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';

// Property-based fuzzing of every HTTP route of the topology: whatever comes in, the answer is
// never a 5xx, never shows a stack trace or internals, and refused input writes nothing. The
// inputs mix garbage with real credentials (both admin roles, a team's token, a resident's
// access token, a valid signed offer link) and real ids, so the fuzzing reaches the input
// handling behind authentication, not only the 401 in front of it.
const local = useLocalStack({ teams: true });

interface Real {
  readonly requestId: string;
  readonly authorizations: string[];
  readonly linkQuery: Record<string, string>;
  readonly accessToken: string;
}

/** A team with a token and a request offered to it, so ids, tokens and links are real. */
async function realThings(): Promise<Real> {
  const { adapters, stack } = local();
  await adapters.teams.register(teamFixture('fuzz-team', { services: ['appliance-repair'], capacity: 50 }), ['appliance-repair']);
  const team = issueTeamToken('fuzz-team');
  await adapters.teams.setTokenHash('fuzz-team', team.hash);
  const accessToken = newAccessToken();
  const request = requestFixture({ serviceCode: 'appliance-repair', accessTokenHash: sha256(accessToken) });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
  const offered = (await adapters.requests.get(request.id))!;
  const key = await adapters.signingKeys.current();
  return {
    requestId: request.id,
    authorizations: [stack.adminTokens.center, stack.adminTokens.station, team.token].map((t) => `Bearer ${t}`),
    linkQuery: Object.fromEntries(new URLSearchParams(offerLinkQuery(signOfferLink(offered, key.secret)))),
    accessToken,
  };
}

const routes: HttpTrigger[] = functionNames.flatMap((name) =>
  (topology.functions[name] as FunctionSpec).triggers.filter((t): t is HttpTrigger => t.kind === 'http'),
);
const internals =
  /\n\s+at |node_modules|\/work\/|TypeError|ReferenceError|SyntaxError: |ConditionalCheckFailed|ValidationException|\bstack\b/;

const garbageSegment = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('..', '%2e%2e', '0', 'a'.repeat(300), '<script>', 'REQ#x', '12345678'),
);
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ ...Object.fromEntries(Object.keys(validSubmission()).map((k) => [k, fc.jsonValue({ maxDepth: 2 })])) }, { requiredKeys: [] }),
  fc
    .tuple(fc.constantFrom(...Object.keys(validSubmission())), fc.jsonValue({ maxDepth: 2 }))
    .map(([k, v]) => ({ ...validSubmission(), [k]: v })),
);
const body = fc.oneof(
  json.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', text: s })),
  fc
    .dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 8 })
    .map((d) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(d).toString() })),
  fc
    .string({ maxLength: 100 })
    .map((s) => ({ type: fc.sample(fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', ''), 1)[0]!, text: s })),
  fc.constant(undefined),
);
function inputs(real: Real) {
  const segment = fc.oneof(garbageSegment, fc.constantFrom(real.requestId, 'fuzz-team', 'appliance-repair', 'ruidi-repair'));
  const queryKey = fc.constantFrom(
    'token',
    'team',
    'v',
    'exp',
    'sig',
    'lang',
    'size',
    'status',
    'area',
    'from',
    'to',
    'limit',
    'format',
    'x',
  );
  const queryValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(real.accessToken, ...Object.values(real.linkQuery)));
  return fc.record({
    route: fc.constantFrom(...routes),
    params: fc.array(segment, { minLength: 4, maxLength: 4 }),
    query: fc.oneof(
      fc.dictionary(queryKey, queryValue, { maxKeys: 5 }),
      // The valid link, sometimes with one value changed.
      fc
        .tuple(fc.constantFrom(...Object.keys(real.linkQuery)), fc.option(fc.string({ maxLength: 40 })))
        .map(([k, v]) => (v === null ? real.linkQuery : { ...real.linkQuery, [k]: v })),
      fc.constant({ token: real.accessToken }),
    ),
    body,
    accept: fc.constantFrom('application/json', 'text/html', '*/*'),
    authorization: fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
      fc.constant('Bearer ruidi-repair.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
      { arbitrary: fc.constantFrom(...real.authorizations), weight: 4 },
    ),
  });
}

async function requestItems(): Promise<number> {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: '#e = :r',
        ExpressionAttributeNames: { '#e': 'entity' },
        ExpressionAttributeValues: { ':r': 'Request' },
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

describe('every route under random input', () => {
  it('never answers 5xx or shows internals, and stores a request only for a 201', async () => {
    const real = await realThings();
    const before = await requestItems();
    let created = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(inputs(real), async ({ route, params, query, body, accept, authorization }) => {
        let i = 0;
        const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[i++]!));
        const url = `${local().url}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
        const headers: Record<string, string> = {
          accept,
          ...(authorization ? { authorization } : {}),
          ...(body?.type ? { 'content-type': body.type } : {}),
        };
        const reply = await call(url, { method: route.method, headers, ...(body && route.method !== 'GET' ? { body: body.text } : {}) });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === 201 && route.method === 'POST' && (route.path === '/requests' || route.path === '/admin/requests')) created++;
        expect(reply.status, `${route.method} ${path} → ${reply.status}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
        expect(reply.text).not.toMatch(internals);
      }),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20261129), endOnFailure: true },
    );
    expect(await requestItems()).toBe(before + created);
    // The credentials got past authentication: some answers were neither 401 nor 404.
    expect([...statuses.keys()].filter((s) => s < 400 || ![401, 404].includes(s)).length, JSON.stringify([...statuses])).toBeGreaterThan(2);
  });
});
