/**
 * Erasure on request (PIPL art. 47): a center admin anonymises one ended request now, whatever its
 * age; an open one is refused (409: cancel it first). Audited as staff actions are: a NOTE on its
 * timeline names who erased it (never what was erased), written once however often it is sent.
 */
import { ForbiddenError, NotFoundError } from '#shared/domain/errors';
import { assertErasable } from '#shared/domain/retention';
import { isSettled, type ServiceRequest } from '#shared/domain/service-request';
import { assertInScope, type Staff } from '#shared/domain/staff';
import type { Clock } from '#shared/ports/clock';
import type { RequestRepository } from '#shared/ports/request-repository';
import { anonymiseRequest, type AnonymiseDeps } from './anonymise-request';

export interface EraseDeps extends AnonymiseDeps {
  readonly requests: Pick<RequestRepository, 'get' | 'getWithTimeline' | 'addNoteOnce'>;
  readonly clock: Clock;
}

export async function eraseRequest(deps: EraseDeps, staff: Staff, id: string): Promise<ServiceRequest> {
  const stored = await deps.requests.get(id);
  if (!stored) throw new NotFoundError('Request');
  assertInScope(staff, stored.areaId, 'Request');
  if (staff.role !== 'center') throw new ForbiddenError('Only the center erases a resident’s data; ask the center');
  assertErasable(stored);
  const at = deps.clock.now().toISOString();
  const done = await anonymiseRequest(deps, id, at, isSettled);
  if (!done) throw new NotFoundError('Request');
  await deps.requests.addNoteOnce(
    {
      requestId: id,
      at,
      seq: done.request.version,
      type: 'NOTE',
      message: { zh: '居民的个人信息已按本人要求删除', en: 'The resident’s personal data was erased at their request' },
      actor: 'admin',
      detail: staff.name,
    },
    'erased',
  );
  return done.request;
}
