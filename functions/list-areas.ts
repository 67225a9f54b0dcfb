/** GET /areas[?within=<areaId>]: the area hierarchy, or one subtree of it, as a tree. */
import { httpHandler } from '#shared/lambda/http-handler';
import { areaTree } from '#shared/use-cases/browse-reference-data';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables } = functionContext('list-areas', { areas: table.areas });
const { areas } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const tree = await areaTree(areas, request.query.within || undefined);
  return { status: 200, json: { areas: tree }, headers: { 'cache-control': 'public, max-age=300' } };
});
