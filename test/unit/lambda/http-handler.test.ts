import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoCatalogRepository } from '#shared/adapters/dynamo/catalog-repository';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { stripQueries, withoutQueries } from '#shared/observability/without-queries';
import { tapOutput, type OutputTap } from '../../support/output-tap';

const context = {
  functionName: 'test',
  functionVersion: '1',
  invokedFunctionArn: 'arn',
  memoryLimitInMB: '128',
  awsRequestId: 'req',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

const event = (headers: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'GET /requests/{id}',
    rawPath: '/requests/R1',
    rawQueryString: 'token=secret-token',
    headers: { accept: 'application/json', ...headers },
    queryStringParameters: { token: 'secret-token' },
    pathParameters: { id: 'R1' },
    requestContext: {
      domainName: 'api.example',
      requestId: 'request-id-1',
      http: { method: 'GET', path: '/requests/R1', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
    },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

let tap: OutputTap | undefined;
afterEach(() => tap?.stop());

const invoke = (handler: ReturnType<typeof httpHandler>, e: APIGatewayProxyEventV2) =>
  handler(e, context) as Promise<APIGatewayProxyStructuredResultV2>;

describe('httpHandler', () => {
  it('logs a failed request without any URL query (no access token, no signature)', async () => {
    const handler = httpHandler({ logger: createLogger('test') }, async (request) => {
      // What `new URL()` throws for a bad host: its `input` field holds the whole URL.
      new URL(`https://a b/requests/R1?token=${request.query.token}&sig=secret-signature`);
      return { status: 200, json: {} };
    });
    tap = tapOutput();
    const result = await invoke(handler, event());
    const logged = tap.text();
    tap.stop();
    expect(result.statusCode).toBe(500);
    expect(result.headers?.['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(logged).toContain('request failed');
    expect(logged).toContain('Invalid URL');
    expect(logged).not.toMatch(/token=|sig=|secret-/);
  });

  it('builds links on the configured public URL whatever Host and X-Forwarded-* say', async () => {
    const handler = httpHandler({ logger: createLogger('test'), publicUrl: 'https://paidan.example' }, async (request) => ({
      status: 200,
      json: { origin: request.origin },
    }));
    const variants: Record<string, string>[] = [
      {},
      { 'x-forwarded-host': 'a b' },
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', host: 'evil.example' },
    ];
    for (const headers of variants) {
      const result = await invoke(handler, event(headers));
      expect([result.statusCode, JSON.parse(result.body!)]).toEqual([200, { origin: 'https://paidan.example' }]);
    }
  });

  it('refuses to build links in a function not given PUBLIC_URL', async () => {
    const handler = httpHandler({ logger: createLogger('test') }, async (request) => ({ status: 200, json: { origin: request.origin } }));
    tap = tapOutput();
    expect((await invoke(handler, event({ 'x-forwarded-host': 'evil.example' }))).statusCode).toBe(500);
    tap.stop();
  });
});

describe('a busy table', () => {
  const db = mockClient(DynamoDBDocumentClient);
  afterEach(() => db.reset());
  const catalog = new DynamoCatalogRepository(db as unknown as DynamoDBDocumentClient, 'table');
  const menuHandler = httpHandler({ logger: createLogger('test') }, async () => ({ status: 200, json: await catalog.menu() }));
  const transaction = (reasons: { Code: string }[]) =>
    new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: reasons });
  const writeHandler = httpHandler({ logger: createLogger('test') }, async () => {
    await (db as unknown as DynamoDBDocumentClient).send(new TransactWriteCommand({ TransactItems: [] }));
    return { status: 200, json: {} };
  });

  it('answers throttling past the SDK’s retries as 503 with Retry-After, logged as busy, not as a fault', async () => {
    db.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    tap = tapOutput();
    const result = await invoke(menuHandler, event());
    const logged = tap.text();
    tap.stop();
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(result.body!)).toEqual({
      error: { code: 'BUSY', message: 'We are busy right now. Please try again in a few seconds.' },
    });
    expect(logged).toContain('request refused: busy');
    expect(logged).not.toContain('request failed');
    // A browser is told in its words to try again in a moment.
    const page = await invoke(menuHandler, event({ accept: 'text/html' }));
    expect([page.statusCode, page.body]).toEqual([503, expect.stringContaining('系统暂时忙不过来')]);
  });

  it('answers a transaction other transactions kept cancelling as 503, and one whose condition failed as the fault it is', async () => {
    db.on(TransactWriteCommand).rejects(transaction([{ Code: 'None' }, { Code: 'TransactionConflict' }]));
    expect((await invoke(writeHandler, event())).statusCode).toBe(503);
    db.on(TransactWriteCommand).rejects(transaction([{ Code: 'TransactionConflict' }, { Code: 'ConditionalCheckFailed' }]));
    expect((await invoke(writeHandler, event())).statusCode).toBe(500);
  });

  it('answers a call past its time bounds as the 500 it is: the write may have been applied, and "try again" could do it twice', async () => {
    db.on(TransactWriteCommand).rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));
    const result = await invoke(writeHandler, event());
    expect([result.statusCode, result.headers?.['retry-after']]).toEqual([500, undefined]);
  });
});

describe('withoutQueries', () => {
  it('cuts queries out of the message, stack, fields and cause, and keeps the rest', () => {
    const cause = Object.assign(new Error('fetch https://hook.example/send?key=robot-key failed'), {
      url: 'https://hook.example/send?key=robot-key',
    });
    const error = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL', input: 'https://a b/x?token=t1', cause });
    const copy = withoutQueries(error);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('Invalid URL');
    expect(copy).toMatchObject({ code: 'ERR_INVALID_URL', input: 'https://a b/x?…' });
    expect(
      JSON.stringify({ ...copy, stack: copy.stack, cause: (copy.cause as Error).message, causeUrl: (copy.cause as { url: string }).url }),
    ).not.toMatch(/token=|key=|robot-key|t1/);
    expect(stripQueries('GET /requests/R1?token=abc → 500')).toBe('GET /requests/R1?… → 500');
    expect(stripQueries('no query here? fine')).toBe('no query here? fine');
  });
});
