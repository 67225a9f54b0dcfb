/** GET /areas[?within=<areaId>]: the area hierarchy, or one subtree of it, as a tree. */
import { tableAdapters } from '#shared/wiring/composition';
import { envVars, readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { areaTree } from '#shared/use-cases/browse-reference-data';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('list-areas');
const { areas } = tableAdapters(env.TABLE_NAME);

export const handler = httpHandler({ logger }, async (request) => {
  const tree = await areaTree(areas, request.query.within || undefined);
  return { status: 200, json: { areas: tree }, headers: { 'cache-control': 'public, max-age=300' } };
});
