/**
 * Each function with several HTTP routes answers them from a route table keyed by API Gateway's
 * `routeKey`; the table must hold exactly the function's HTTP triggers in the topology, so a
 * route added to one and not the other fails here instead of being served by the wrong handler.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/domain/errors';
import type { HttpRequest } from '#shared/http/request';
import { byRouteKey, type RouteHandler, routeTable } from '#shared/lambda/http-routes';
import { oidcClaimDefaults } from '#shared/http/staff-sign-in';
import { environmentNames, type FunctionSpec, functionNames, routeKeysOf, STAFF_SIGN_IN_ENV, topology } from '#shared/topology/topology';

const httpFunctions = functionNames.filter((name) => routeKeysOf(topology.functions[name]).length > 0);

/** What a cold start needs to load a handler here: every variable any function is given (no call goes out). */
function fakeEnvironment(): void {
  const names = new Set(functionNames.flatMap((name) => environmentNames(topology.functions[name] as FunctionSpec)));
  for (const name of names) {
    if (name.startsWith('SIGN_IN')) process.env[name] = '';
    else if (name === 'EMAIL_FROM') process.env[name] = 'paidan@example.test';
    else if (name === 'EMAIL_TRANSPORT') process.env[name] = 'ses';
    else if (name === 'SMS_PROVIDER') process.env[name] = 'sns';
    else if (name === STAFF_SIGN_IN_ENV)
      process.env[name] = JSON.stringify({ issuer: 'https://sso.example.test', clientId: 'paidan-console', ...oidcClaimDefaults });
    else if (name === 'TABLE_NAME') process.env[name] = 'paidan-route-tables';
    else process.env[name] = `https://example.test/${name.toLowerCase()}`;
  }
  process.env.AWS_REGION ??= 'us-east-1';
}

describe('route tables', () => {
  beforeAll(fakeEnvironment);

  it.each(httpFunctions)('%s answers exactly its topology routes', async (name) => {
    const module = (await import(`../../../functions/${name}.ts`)) as { routes?: Record<string, RouteHandler> };
    const declared = routeKeysOf(topology.functions[name]).sort();
    if (declared.length === 1 && !module.routes) return; // one route: one handler, nothing to pick
    expect(module.routes, `${name} has several routes: it needs a route table`).toBeDefined();
    expect(Object.keys(module.routes ?? {}).sort()).toEqual(declared);
  });
});

describe('byRouteKey', () => {
  const request = (routeKey: string) => ({ routeKey }) as HttpRequest;
  const routes = {
    'GET /things': async () => ({ status: 200, json: 'list' }),
    'GET /things/{id}': async () => ({ status: 200, json: 'one' }),
  };

  it('answers each route from its own handler', async () => {
    expect(await byRouteKey(routes)(request('GET /things/{id}'))).toEqual({ status: 200, json: 'one' });
    expect(await byRouteKey(routes)(request('GET /things'))).toEqual({ status: 200, json: 'list' });
  });

  it('answers a route key the table does not hold with 404, never with another route', () => {
    expect(() => byRouteKey(routes)(request('POST /things/{id}/void'))).toThrow(NotFoundError);
    expect(() => byRouteKey(routes)(request('constructor'))).toThrow(NotFoundError);
  });

  it('types a table with a route missing or one too many as wrong (checked by tsc)', () => {
    const handle = async () => ({ status: 200, json: null });
    // @ts-expect-error the table lacks 'POST /offers/{id}/decline'
    routeTable('answer-offer', { 'POST /offers/{id}/accept': handle });
    routeTable('answer-offer', {
      'POST /offers/{id}/accept': handle,
      'POST /offers/{id}/decline': handle,
      // @ts-expect-error the topology has no such route for answer-offer
      'POST /offers/{id}/maybe': handle,
    });
    expect(routeTable('answer-offer', { 'POST /offers/{id}/accept': handle, 'POST /offers/{id}/decline': handle })).toBeDefined();
  });
});
