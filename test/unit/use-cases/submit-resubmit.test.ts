/** A different order while the browser's last one is open (`lastSent`): asked, replaced or kept, never cancelling a taken one. */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { parseSubmission } from '#shared/domain/submission';
import type { ServiceRequest } from '#shared/domain/service-request';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { cancelRequest } from '#shared/use-cases/cancel-request';
import { submitRequest, type Resubmit, type SubmitRequestDeps } from '#shared/use-cases/submit-request';
import { KEDA } from '../../support/fixtures';

const submission = (address: string) =>
  parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '收音机没有声音了',
    contactName: '王秀兰',
    phone: '13912345678',
    address,
    attributes: { applianceType: 'radio' },
  });

let mem: MemoryDeps;
let deps: SubmitRequestDeps;
/** Runs just before the resident's cancel is written (a team accepting meanwhile). */
let meanwhile: () => void;

beforeEach(() => {
  mem = memoryDeps({ clock: { now: () => new Date('2026-11-29T02:00:00.000Z') }, services: demoServices, areas: demoAreas });
  meanwhile = () => {};
  deps = {
    ...mem,
    withdraw: (id, token, only) => {
      meanwhile();
      return cancelRequest(mem, id, token, only);
    },
  };
});

async function firstThenCorrected(resubmit?: Resubmit) {
  const first = await submitRequest(deps, { submission: submission('3号楼501'), channel: 'web', formKey: 'form-key-one', client: 'c' });
  if (!('submitted' in first)) throw new Error('expected a new request');
  const { id, accessToken } = first.submitted;
  const again = await submitRequest(deps, {
    submission: submission('3号楼502'),
    channel: 'web',
    formKey: 'form-key-two',
    client: 'c',
    lastSent: { id, accessToken },
    ...(resubmit ? { resubmit } : {}),
  });
  return { id, again };
}

const status = (id: string) => mem.requests.requests.get(id)?.status;

describe('a corrected order while the last one is open', () => {
  it('is asked about, and nothing is made', async () => {
    const { id, again } = await firstThenCorrected();
    expect(again).toMatchObject({ alreadySent: { id, status: 'SUBMITTED', replaceable: true }, refused: false, created: false });
    expect(mem.requests.requests.size).toBe(1);
  });

  it('replaces: the first cancelled by the resident, the new one made', async () => {
    const { id, again } = await firstThenCorrected('replace');
    expect(again).toMatchObject({ created: true, replaced: mem.requests.requests.get(id)?.trackingCode });
    expect(status(id)).toBe('CANCELLED');
    expect(mem.requests.requests.size).toBe(2);
  });

  it('does not cancel one a team accepted between the check and the write: says so, makes nothing', async () => {
    meanwhile = () => {
      for (const [key, request] of mem.requests.requests) {
        const taken: ServiceRequest = { ...request, status: 'ACCEPTED', version: request.version + 1 };
        mem.requests.requests.set(key, taken);
      }
    };
    const { id, again } = await firstThenCorrected('replace');
    expect(again).toMatchObject({ alreadySent: { id, status: 'ACCEPTED', replaceable: false }, refused: true });
    expect(status(id)).toBe('ACCEPTED');
    expect(mem.requests.requests.size).toBe(1);
  });
});
