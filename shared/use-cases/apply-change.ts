import { IllegalTransitionError } from '#shared/domain/errors';
import type { Transition } from '#shared/domain/service-request';
import type { RequestRepository, StatusChange } from '#shared/ports/request-repository';

/**
 * Writes a change computed from `before` if the request is still `before`: true when written,
 * false when another change got there first (a second sweep, a racing claim, the claimer).
 */
export async function applyChange(
  requests: Pick<RequestRepository, 'changeStatus'>,
  before: StatusChange['before'],
  { after, event }: Transition,
  extra: Pick<StatusChange, 'claimSlot'> = {},
): Promise<boolean> {
  try {
    await requests.changeStatus({ before, after, event, ...extra });
    return true;
  } catch (error) {
    if (error instanceof IllegalTransitionError) return false;
    throw error;
  }
}
