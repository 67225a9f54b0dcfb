import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { ValidationError } from '#shared/domain/errors';
import { PermanentDeliveryError } from '#shared/ports/notification-sender';
import { requestRegistrationCode, requestSignInCode } from '#shared/use-cases/volunteer-sign-in';
import { KEDA } from '../../support/fixtures';

const HONG_KONG = '+85291234567';

async function withPerson(phone: string) {
  const mem = memoryDeps();
  await mem.volunteers.register({
    id: 'p1',
    name: '吴志愿',
    phone,
    homeAreaId: KEDA,
    registeredAt: new Date().toISOString(),
    registeredBy: { kind: 'self' },
  });
  // Alibaba Cloud SMS, say: mainland numbers only.
  mem.sender.fail = (target) =>
    target.kind === 'sms' && !target.phone.startsWith('+86') ? new PermanentDeliveryError('not a mainland number') : undefined;
  return mem;
}

describe('codes to a number the SMS provider refuses for good', () => {
  it('answers a sign-in for a registered number exactly as for an unregistered one, noting it for the log', async () => {
    const mem = await withPerson(HONG_KONG);
    expect(await requestSignInCode(mem, { phone: HONG_KONG }, '1.2.3.4')).toEqual({ phone: HONG_KONG, undeliverable: true });
    expect(await requestSignInCode(mem, { phone: '+85291234568' }, '1.2.3.4')).toEqual({ phone: '+85291234568' });
    expect(mem.sender.sent).toEqual([]);
  });

  it('refuses a registration code 400 naming the phone, and still throws what may pass', async () => {
    const mem = await withPerson('+8613700001111');
    const refused = await requestRegistrationCode(mem, { phone: '+85291234568' }, '1.2.3.4').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((i) => i.field)).toEqual(['phone']);
    mem.sender.fail = () => new Error('provider timed out');
    await expect(requestRegistrationCode(mem, { phone: '+8613700002222' }, '1.2.3.4')).rejects.toThrow('provider timed out');
  });
});
