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

const submission = (address: string, who: { contactName?: string; phone?: string } = {}) =>
  parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '收音机没有声音了',
    contactName: '王秀兰',
    phone: '13912345678',
    address,
    attributes: { applianceType: 'radio' },
    ...who,
  });

let mem: MemoryDeps;
let deps: SubmitRequestDeps;
/** Runs just before the resident's cancel is written (a team accepting meanwhile, a failure). */
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

/** The corrected order (form key two) from the browser whose last order is `lastSent`. */
const sendCorrected = (lastSent: { id: string; accessToken: string }, resubmit?: Resubmit, second = submission('3号楼502')) =>
  submitRequest(deps, {
    submission: second,
    channel: 'web',
    formKey: 'form-key-two',
    client: 'c',
    lastSent,
    ...(resubmit ? { resubmit } : {}),
  });

async function firstThenCorrected(resubmit?: Resubmit, second = submission('3号楼502')) {
  const first = await submitRequest(deps, { submission: submission('3号楼501'), channel: 'web', formKey: 'form-key-one', client: 'c' });
  if (!('submitted' in first)) throw new Error('expected a new request');
  const { id, accessToken } = first.submitted;
  return { id, accessToken, again: await sendCorrected({ id, accessToken }, resubmit, second) };
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

  it('the same phone with the name typed differently (spaces, full-width) is the same person: asked', async () => {
    const { id, again } = await firstThenCorrected(undefined, submission('3号楼502', { contactName: ' 王　秀 兰' }));
    expect(again).toMatchObject({ alreadySent: { id, contact: { name: '王**', phone: '139****5678' } }, created: false });
    const byName = await firstThenCorrected(undefined, submission('3号楼502', { phone: '13700001111' }));
    expect(byName.again).toMatchObject({ created: false, alreadySent: { id: byName.id } });
  });

  it("another person's order from the same phone (different name and phone) is made, unasked, and replaces nothing", async () => {
    const neighbour = submission('7号楼203', { contactName: '李建华', phone: '13700001111' });
    const asked = await firstThenCorrected(undefined, neighbour);
    expect(asked.again).toMatchObject({ created: true, submitted: { status: 'SUBMITTED' } });
    expect(status(asked.id)).toBe('SUBMITTED');
    // Even told to replace (a crafted post), the first order stands.
    const replaced = await firstThenCorrected('replace', submission('7号楼204', { contactName: '李建华', phone: '13700001111' }));
    expect(replaced.again).toMatchObject({ created: true });
    expect(replaced.again).not.toHaveProperty('replaced');
    expect(status(replaced.id)).toBe('SUBMITTED');
  });

  it('makes the new order before cancelling: a failed cancel leaves both and says the first stands; the retry cancels it', async () => {
    meanwhile = () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const { id, accessToken, again } = await firstThenCorrected('replace');
    const code = mem.requests.requests.get(id)?.trackingCode;
    expect(again).toMatchObject({ created: true, notReplaced: { trackingCode: code, taken: false } });
    expect(again).not.toHaveProperty('replaced');
    expect(status(id)).toBe('SUBMITTED');
    expect(mem.requests.requests.size).toBe(2);

    // The same replace sent again: the same new order (its form key), and now the first is cancelled.
    meanwhile = () => {};
    const retry = await sendCorrected({ id, accessToken }, 'replace');
    expect(retry).toMatchObject({
      created: false,
      replaced: code,
      submitted: { id: (again as { submitted: { id: string } }).submitted.id },
    });
    expect(status(id)).toBe('CANCELLED');
    expect(mem.requests.requests.size).toBe(2);
  });

  it('cancels nothing when making the new order fails; the retry makes it, then cancels the first and names it', async () => {
    const { id, accessToken } = await firstThenCorrected();
    const replace = () => sendCorrected({ id, accessToken }, 'replace');
    const create = mem.requests.create.bind(mem.requests);
    mem.requests.create = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(replace()).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(mem.requests.requests.size).toBe(1);
    expect(status(id)).toBe('SUBMITTED');

    mem.requests.create = create;
    expect(await replace()).toMatchObject({ created: true, replaced: mem.requests.requests.get(id)?.trackingCode });
    expect(status(id)).toBe('CANCELLED');
    expect(mem.requests.requests.size).toBe(2);
  });

  it('does not cancel one a team accepted between the making and the cancel: both stand, and it says so', async () => {
    meanwhile = () => {
      for (const [key, request] of mem.requests.requests) {
        if (request.status !== 'SUBMITTED' || request.contact.address !== '3号楼501') continue;
        const taken: ServiceRequest = { ...request, status: 'ACCEPTED', version: request.version + 1 };
        mem.requests.requests.set(key, taken);
      }
    };
    const { id, again } = await firstThenCorrected('replace');
    expect(again).toMatchObject({ created: true, notReplaced: { trackingCode: mem.requests.requests.get(id)?.trackingCode, taken: true } });
    expect(status(id)).toBe('ACCEPTED');
    expect(mem.requests.requests.size).toBe(2);
  });

  it('does not cancel one a team has taken before the replace: says so, makes nothing', async () => {
    const { id, accessToken } = await firstThenCorrected();
    const first = mem.requests.requests.get(id)!;
    mem.requests.requests.set(id, { ...first, status: 'ACCEPTED', version: first.version + 1 });
    const refused = await sendCorrected({ id, accessToken }, 'replace');
    expect(refused).toMatchObject({ alreadySent: { id, status: 'ACCEPTED', replaceable: false }, refused: true, created: false });
    expect(mem.requests.requests.size).toBe(1);
  });
});
