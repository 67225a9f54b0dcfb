import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { functionNames, topology, type HttpTrigger } from '#infra/topology';
import { call, validSubmission } from '../support/http';
import { useLocalStack } from '../support/local-stack';

// Property-based fuzzing of every HTTP route of the topology: whatever comes in, the answer is
// never a 5xx, never shows a stack trace or internals, and refused input writes nothing.
const local = useLocalStack({ teams: true });

const routes: HttpTrigger[] = functionNames.flatMap((name) => topology.functions[name].triggers.filter((t): t is HttpTrigger => t.kind === 'http'));
const internals = /\n\s+at |node_modules|\/work\/|TypeError|ReferenceError|SyntaxError: |ConditionalCheckFailed|ValidationException|\bstack\b/;

const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('..', '%2e%2e', '0', 'a'.repeat(300), '<script>', 'REQ#x', '12345678'));
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ ...Object.fromEntries(Object.keys(validSubmission()).map((k) => [k, fc.jsonValue({ maxDepth: 2 })])) }, { requiredKeys: [] }),
  fc.tuple(fc.constantFrom(...Object.keys(validSubmission())), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ ...validSubmission(), [k]: v })),
);
const body = fc.oneof(
  json.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', text: s })),
  fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 8 }).map((d) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(d).toString() })),
  fc.string({ maxLength: 100 }).map((s) => ({ type: fc.sample(fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', ''), 1)[0]!, text: s })),
  fc.constant(undefined),
);
const input = fc.record({
  route: fc.constantFrom(...routes),
  params: fc.array(segment, { minLength: 4, maxLength: 4 }),
  query: fc.dictionary(fc.constantFrom('token', 'team', 'v', 'exp', 'sig', 'lang', 'size', 'status', 'area', 'from', 'to', 'limit', 'format', 'x'), fc.string({ maxLength: 40 }), { maxKeys: 5 }),
  body,
  accept: fc.constantFrom('application/json', 'text/html', '*/*'),
  authorization: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`), fc.constant('Bearer ruidi-repair.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')),
});

async function requestItems(): Promise<number> {
  const { stack } = local();
  const db = createDocumentClient(stack.dynamodb);
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: stack.tableName, FilterExpression: '#e = :r', ExpressionAttributeNames: { '#e': 'entity' }, ExpressionAttributeValues: { ':r': 'Request' }, ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

describe('every route under random input', () => {
  it('never answers 5xx or shows internals, and stores a request only for a 201', async () => {
    const before = await requestItems();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(input, async ({ route, params, query, body, accept, authorization }) => {
        let i = 0;
        const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[i++]!));
        const url = `${local().url}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
        const headers: Record<string, string> = { accept, ...(authorization ? { authorization } : {}), ...(body?.type ? { 'content-type': body.type } : {}) };
        const reply = await call(url, { method: route.method, headers, ...(body && route.method !== 'GET' ? { body: body.text } : {}) });
        if (reply.status === 201 && route.path === '/requests') created++;
        expect(reply.status, `${route.method} ${path} → ${reply.status}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
        expect(reply.text).not.toMatch(internals);
      }),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20261129), endOnFailure: true },
    );
    expect(await requestItems()).toBe(before + created);
  });
});
