/**
 * Dead letters for the center: every DLQ's count and a sample, and a redrive once the cause is
 * fixed. Center admins only; for station staff the queues do not exist (404).
 */
import * as z from '#shared/domain/zod';
import { NotFoundError } from '#shared/domain/errors';
import { assertDeploymentAdmin, type Staff } from '#shared/domain/staff';
import { parseOrThrow } from '#shared/domain/validation';
import type { DeadLetterQueue, DeadLetters } from '#shared/ports/dead-letters';

const listQuery = z.strictObject({ sample: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(10)), 10) });
const redriveInput = z.strictObject({ max: z._default(z.int().check(z.gte(1), z.lte(10_000)), 1000) });

const centerOnly = (staff: Staff) => assertDeploymentAdmin(staff, 'Dead letters');

export async function listDeadLetters(deadLetters: DeadLetters, staff: Staff, query: unknown): Promise<DeadLetterQueue[]> {
  centerOnly(staff);
  return deadLetters.list(parseOrThrow(listQuery, query).sample);
}

export async function redriveDeadLetters(
  deadLetters: DeadLetters,
  staff: Staff,
  queue: string,
  body: unknown,
): Promise<{ queue: string; moved: number }> {
  centerOnly(staff);
  if (!deadLetters.queues().includes(queue)) throw new NotFoundError('Queue');
  return { queue, moved: await deadLetters.redrive(queue, parseOrThrow(redriveInput, body).max) };
}
