/** A radio repair ordered by 郑桂芳 of 科大社区 through the API, and dispatched: offered to a team that repairs appliances there. */
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { parseSubmission } from '#shared/domain/submission';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { KEDA } from './fixtures';

/** The request's id; `given` replaces fields of the submission (a description, a preferred time). */
export async function offeredRadio(deps: MemoryDeps, given: Record<string, unknown> = {}): Promise<string> {
  const submission = parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '收音机没有声音',
    contactName: '郑桂芳',
    phone: '13911112222',
    address: '科大社区5号楼3单元',
    attributes: { applianceType: 'radio' },
    ...given,
  });
  const { submitted } = await submitRequest(deps, { submission, channel: 'api' });
  await dispatchRequest(deps, { requestId: submitted.id, version: 1 });
  return submitted.id;
}
