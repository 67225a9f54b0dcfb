/** A secret source that answers a fixed value, as Secrets Manager would once read. */
import type { SecretSource } from '#shared/adapters/secrets/secret-json';

export const fixedSecret = <T>(value: T): SecretSource<T> => ({ get: async () => value, refused: () => undefined });
