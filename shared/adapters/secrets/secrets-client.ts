/** The container's Secrets Manager client: a module of its own, imported on the first secret read (`notificationAdapters`). */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export function secretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({});
}
