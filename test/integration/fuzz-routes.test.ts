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
import { call, callRaw, validFormFields, validSubmission } from '../support/http';
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
    linkQuery: Object.fromEntries(new URLSearchParams(offerLinkQuery(signOfferLink(offered, key)))),
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
  // 2,100 characters: past DynamoDB's key size, were it to reach a key.
  fc.constantFrom('..', '%2e%2e', '0', 'a'.repeat(300), 'a'.repeat(2_100), '<script>', 'REQ#x', '12345678'),
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
    'within',
    'after',
    'x',
  );
  const queryValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(real.accessToken, ...Object.values(real.linkQuery), 'A', 'a'.repeat(1_100)),
  );
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

  it('never answers 5xx to malformed percent-encoding or forged forwarded headers, links stay on the server, and it stays up', async () => {
    const real = await realThings();
    const { url } = local();
    const before = await requestItems();
    let created = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileInputs(real), async ({ route, params, query, body, accept, authorization, forwarded }) => {
        let i = 0;
        // Sent as written: fetch would normalise `%2e%2e` and friends before the server sees them.
        const path = route.path.replace(/\{[^}]+\}/g, () => params[i++]!);
        const target = `${path}${query ? `?${query}` : ''}`;
        const headers: Record<string, string> = {
          accept,
          ...forwarded,
          ...(authorization ? { authorization } : {}),
          ...(body?.type ? { 'content-type': body.type } : {}),
        };
        const reply = await callRaw(url, target, {
          method: route.method,
          headers,
          ...(body && route.method !== 'GET' ? { body: body.text } : {}),
        });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === 201 && route.method === 'POST' && (route.path === '/requests' || route.path === '/admin/requests')) created++;
        expect(
          reply.status,
          `${route.method} ${target.slice(0, 120)} ${JSON.stringify(forwarded)} → ${reply.status}: ${reply.text.slice(0, 200)}`,
        ).toBeLessThan(500);
        expect(reply.text).not.toMatch(internals);
        const location = reply.headers.get('location');
        if (location) expect(location.startsWith(`${url}/`), location).toBe(true);
        expect(reply.text).not.toMatch(/https?:\/\/(evil\.example|a b)/);
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20261205), endOnFailure: true },
    );
    expect(await requestItems()).toBe(before + created);
    // Both kinds of input were exercised: refused paths, and handlers answering with the headers set.
    expect(statuses.get(400), JSON.stringify([...statuses])).toBeGreaterThan(10);
    expect(
      [...statuses.keys()].some((s) => s < 400),
      JSON.stringify([...statuses]),
    ).toBe(true);
    const services = await call(`${url}/services`);
    expect(services.status).toBe(200);
  });
});

/** Path segments whose percent-encoding is broken, odd or hostile, sent without encoding them again. */
const malformedSegment = fc.constantFrom(
  '%zz',
  '%E0%A4%A',
  '%',
  '%%',
  '%0',
  '%00',
  '%C3',
  '%C3%28',
  '%ED%A0%80',
  '%FF%FE',
  '%u0041',
  '%2e%2e',
  '%2F',
  '%252e',
  'a%zzb',
  `${'%41'.repeat(1_000)}`,
);
const forwardedHost = fc.oneof(
  fc.constantFrom('a b', 'evil.example', 'evil.example:443', '', '%zz', '[::1', 'localhost', '127.0.0.1:1', 'a/b?c#d', 'x'.repeat(300)),
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
);
const forwardedHeaders = fc.record(
  {
    'x-forwarded-host': forwardedHost,
    'x-forwarded-proto': fc.constantFrom('http', 'https', 'ftp', 'javascript', '', 'https, http'),
    'x-forwarded-port': fc.constantFrom('443', '80', '0', 'x', '99999'),
    forwarded: fc.constantFrom('for=1.2.3.4;host=evil.example;proto=http', 'host="a b"', 'garbage'),
    host: fc.constantFrom('evil.example', 'a b'),
  },
  { requiredKeys: [] },
);

/** Routes of the functions that answer with absolute links (status link, Location, offer pages). */
const linkRoutes: HttpTrigger[] = functionNames
  .map((name) => topology.functions[name] as FunctionSpec)
  .filter((spec) => spec.publicUrl)
  .flatMap((spec) => spec.triggers.filter((t): t is HttpTrigger => t.kind === 'http'));

function hostileInputs(real: Real) {
  const encodedSegment = fc
    .oneof(garbageSegment, fc.constantFrom(real.requestId, 'fuzz-team', 'appliance-repair'))
    .map((v) => encodeURIComponent(v));
  const linkQuery = new URLSearchParams(real.linkQuery).toString();
  const body = fc.oneof(
    fc.constant(undefined),
    fc.constant({ type: 'application/json', text: JSON.stringify(validSubmission()) }),
    fc.constant({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(validFormFields()).toString() }),
    fc.constant({ type: 'application/x-www-form-urlencoded', text: 'code=%zz&phone4=%&description=%E0%A4%A' }),
  );
  // Broken percent-encoding anywhere, on any route.
  const malformed = fc.record({
    route: fc.constantFrom(...routes),
    params: fc.array(fc.oneof({ arbitrary: malformedSegment, weight: 3 }, { arbitrary: encodedSegment, weight: 1 }), {
      minLength: 4,
      maxLength: 4,
    }),
    query: fc.constantFrom(
      '',
      'token=%zz',
      `token=${real.accessToken}`,
      linkQuery,
      `${linkQuery}%`,
      'sig=%E0%A4%A&team=%',
      'lang=%zz&size=%',
    ),
    body,
    accept: fc.constantFrom('application/json', 'text/html'),
    authorization: fc.oneof(fc.constant(undefined), fc.constantFrom(...real.authorizations)),
    forwarded: fc.oneof(fc.constant({}), forwardedHeaders),
  });
  // Well-formed requests that reach the functions writing links, with forged forwarded headers.
  const forwarded = fc.record({
    route: fc.constantFrom(...linkRoutes),
    params: fc.constant(Array.from({ length: 4 }, () => encodeURIComponent(real.requestId))),
    query: fc.constantFrom(`token=${real.accessToken}`, linkQuery, `${linkQuery}&token=${real.accessToken}&lang=en`),
    body,
    accept: fc.constantFrom('application/json', 'text/html'),
    authorization: fc.oneof(fc.constant(undefined), fc.constantFrom(...real.authorizations)),
    forwarded: forwardedHeaders.filter((h) => h['x-forwarded-host'] !== undefined || h.host !== undefined),
  });
  return fc.oneof(malformed, forwarded);
}
