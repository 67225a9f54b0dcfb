/** GET /areas[?within=<areaId> | ?ids=<id>,<id>…]: the top areas, one area's children, or areas by id. */
import { httpHandler } from '#shared/lambda/http-handler';
import { browseAreas } from '#shared/use-cases/browse-reference-data';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { logger, tables } = functionContext('list-areas', { areas: table.areas });
const { areas } = tables;

export const handler = httpHandler({ logger }, async (request) => {
  const { within, ids } = request.query;
  const list = await browseAreas(areas, { within: within || undefined, ids: ids || undefined });
  return { status: 200, json: { areas: list }, headers: { 'cache-control': 'public, max-age=300' } };
});
