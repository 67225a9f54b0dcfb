/** POST /admin/redemptions and /admin/requests/{id}/void-credits: the credit supermarket and upheld complaints. */
import { tableAdapters } from '#shared/adapters/composition';
import { envVars, readEnv } from '#shared/config/env';
import { httpHandler } from '#shared/lambda/http-handler';
import { createLogger } from '#shared/observability/logger';
import { systemClock } from '#shared/ports/clock';
import { redeemAtCounter, voidCreditsForComplaint } from '#shared/use-cases/admin-credits';

const env = readEnv({ TABLE_NAME: envVars.tableName });
const logger = createLogger('admin-credits');
const deps = { ...tableAdapters(env.TABLE_NAME), clock: systemClock };

export const handler = httpHandler({ logger }, async (request) => {
  const staff = request.staff();
  const id = request.pathParameters.id;
  if (id) {
    const result = await voidCreditsForComplaint(deps, staff, id, request.body);
    logger.info('credits voided', { requestId: id, voided: result.voided, staff: staff.id });
    return { status: 200, json: result };
  }
  const redeemed = await redeemAtCounter(deps, staff, request.body);
  logger.info('points redeemed', { points: redeemed.points, staff: staff.id });
  return { status: 201, json: redeemed };
});
