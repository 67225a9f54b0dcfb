/**
 * A JSON secret from Secrets Manager (a provider's keys, the SMTP password), read once per
 * container: on first use, not at import, so a cold start that sends nothing reads nothing.
 * A failed read is not remembered (the next send tries again). Errors name the secret's
 * shape, never its value.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type * as z from '#shared/domain/zod';

export class SecretJson<T> implements SecretSource<T> {
  private value: Promise<T> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    /** ARN or name of the secret. */
    private readonly secretId: string,
    private readonly shape: z.ZodMiniType<T>,
    /** What the secret holds, for error messages: e.g. `the Alibaba Cloud SMS keys`. */
    private readonly what: string,
  ) {}

  get(): Promise<T> {
    this.value ??= this.read().catch((error: unknown) => {
      this.value = undefined;
      throw error;
    });
    return this.value;
  }

  private async read(): Promise<T> {
    let text: string | undefined;
    try {
      text = (await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }))).SecretString;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      throw new Error(`reading ${this.what} from Secrets Manager failed (${name})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      throw new Error(`${this.what} in Secrets Manager are not a JSON object`);
    }
    const parsed = this.shape.safeParse(json);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
      throw new Error(`${this.what} in Secrets Manager lack or mistype ${fields}`);
    }
    return parsed.data;
  }
}

/** Where a sender gets its credentials: Secrets Manager in AWS, a fixed value in tests. */
export interface SecretSource<T> {
  get(): Promise<T>;
}
