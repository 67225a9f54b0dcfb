import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { keys } from '#shared/adapters/dynamo/keys';
import { codeHash, signInPhoneKey } from '#shared/domain/sign-in';
import { signInCodesContract } from '../support/sign-in-codes-contract';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack({ seed: false });

signInCodesContract('DynamoSignInCodes on DynamoDB Local', () => local().adapters);

it('keeps a code a known browser asked for before the slots (one code a phone, marked `knownOnly`) for such browsers while it lives', async () => {
  const { stack, adapters } = local();
  const { signInCodes } = adapters;
  const phone = '+8613711112222';
  const key = signInPhoneKey(await adapters.signingKeys.identityKey(), phone);
  const t0 = Date.parse('2026-12-05T08:00:00.000Z');
  const at = (s: number) => new Date(t0 + s * 1000);
  await createDocumentClient(stack.dynamodb).send(
    new PutCommand({
      TableName: stack.tableName,
      Item: {
        ...keys.signInCode(key),
        entity: 'SignInCode',
        codeHash: codeHash(phone, '424242'),
        issuedAt: t0,
        expiresAt: t0 + 300_000,
        tries: 0,
        used: false,
        knownOnly: true,
        ttl: t0 / 1000 + 86_400 + 300,
      },
    }),
  );
  // Another browser: the right code is only a wrong one, and asking a minute on is refused while it lives.
  expect(await signInCodes.check(key, codeHash(phone, '424242'), at(10), 5, 'any')).toBe('wrong');
  expect(await signInCodes.issue(key, codeHash(phone, '515151'), at(60), at(360), 60, 'any')).toBe(false);
  expect(await signInCodes.check(key, codeHash(phone, '424242'), at(61), 5, 'known')).toBe('ok');
  expect(await signInCodes.issue(key, codeHash(phone, '515151'), at(62), at(362), 60, 'any')).toBe(true);
  expect(await signInCodes.check(key, codeHash(phone, '515151'), at(63), 5, 'any')).toBe('ok');
});
