import type { RequestFact } from '#shared/domain/request-fact';
import { KEDA } from './fixtures';

/** The fact of a request submitted at 10:00 Shanghai time on `day`, in `areaId` (科大社区 unless given). */
export function submittedFact(requestId: string, day: string, areaId = KEDA): RequestFact {
  const at = new Date(`${day}T10:00:00+08:00`).toISOString();
  return {
    requestId,
    version: 1,
    at,
    to: 'SUBMITTED',
    serviceCode: 'appliance-repair',
    areaId,
    urgency: 'normal',
    channel: 'api',
    createdAt: at,
    clockStart: at,
  };
}
