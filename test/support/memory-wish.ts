/** A micro-wish on the in-memory adapters: submitted by a resident, sent to review by dispatch, published by the center. */
import type { MemoryDeps } from '#shared/adapters/memory/deps';
import { parseSubmission } from '#shared/domain/submission';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { publishWish } from '#shared/use-cases/wish-review';
import { KEDA } from './fixtures';

export async function publishedWish(mem: MemoryDeps, areaId = KEDA, text = '一台收音机'): Promise<string> {
  const id = await wishInReview(mem, areaId);
  await publishWish(mem, { id: 'center', name: 'center', role: 'center' }, id, { text, wisher: '李奶奶' });
  return id;
}

/** A micro-wish submitted and sent to its station's review. */
export async function wishInReview(mem: MemoryDeps, areaId = KEDA): Promise<string> {
  const submission = parseSubmission({
    serviceCode: 'micro-wish',
    areaId,
    description: '想听戏',
    contactName: '李秀珍',
    phone: '13300004444',
    address: '3号楼',
    attributes: { wishItem: '收音机' },
  });
  const { submitted } = await submitRequest(mem, { submission, channel: 'web' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  return submitted.id;
}
