/**
 * A JSON secret from Secrets Manager (a provider's keys, the SMTP password), read on first use,
 * not at import, so a cold start that sends nothing reads nothing. A warm container follows a
 * new value: it reads the secret again once the value it holds is ten minutes old, and at the
 * next use after whoever it is for refused it (`refused()`: keys the provider does not take),
 * though not sooner than a minute after its last read, so a run of refusals is no run of reads.
 * A failed first read is not remembered (the next use tries again); a failed later read keeps
 * the value held and is tried again a minute later. A read is given `SECRET_READ_BOUNDS` (3 s),
 * then fails like any other. Errors name the secret's shape, never its value.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type * as z from '#shared/domain/zod';
import { SECRET_READ_BOUNDS, type SdkCallBounds, withinBounds } from '../sdk-call-bounds';

/** How long a value is used before it is read again. */
export const SECRET_MAX_AGE_MS = 10 * 60_000;
/** The least time between two reads of one secret. */
export const SECRET_REREAD_MS = 60_000;

export class SecretJson<T> implements SecretSource<T> {
  /** The value held (resolved) or being read. */
  private value: Promise<T> | undefined;
  private readAt = 0;
  private readAgainAt = 0;

  constructor(
    private readonly client: SecretsManagerClient,
    /** ARN or name of the secret. */
    private readonly secretId: string,
    private readonly shape: z.ZodMiniType<T>,
    /** What the secret holds, for error messages: e.g. `the Alibaba Cloud SMS keys`. */
    private readonly what: string,
    private readonly now: () => number = Date.now,
    private readonly bounds: SdkCallBounds = SECRET_READ_BOUNDS,
  ) {}

  get(): Promise<T> {
    const now = this.now();
    if (this.value && now < this.readAgainAt) return this.value;
    const held = this.value;
    this.readAt = now;
    this.readAgainAt = now + SECRET_MAX_AGE_MS;
    const reading = this.read().catch((error: unknown) => {
      if (this.value !== reading) throw error;
      this.value = held;
      if (!held) throw error;
      this.readAgainAt = this.readAt + SECRET_REREAD_MS;
      return held;
    });
    this.value = reading;
    return reading;
  }

  refused(): void {
    this.readAgainAt = Math.min(this.readAgainAt, this.readAt + SECRET_REREAD_MS);
  }

  private async read(): Promise<T> {
    let text: string | undefined;
    const within = withinBounds(this.bounds);
    try {
      text = (await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }), within)).SecretString;
    } catch (error) {
      const name = within.abortSignal.aborted ? 'TimeoutError' : error instanceof Error ? error.name : 'UnknownError';
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
  /** The value to use now; the same object until the value is read again. */
  get(): Promise<T>;
  /** The value was refused (keys the provider does not take): read it again soon. */
  refused(): void;
}
