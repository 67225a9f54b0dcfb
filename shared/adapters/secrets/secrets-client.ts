/**
 * The container's Secrets Manager client: a module of its own, imported on the first secret read
 * (`notificationAdapters`). Its reads come before a send, so they are bounded like the send
 * (`SECRET_READ_BOUNDS`: an attempt by this client's handler, the whole read in `SecretJson`).
 * Tests pass an endpoint and bounds.
 */
import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { boundedRequestHandler, SECRET_READ_BOUNDS, type SdkCallBounds } from '../sdk-call-bounds';

export function secretsManagerClient(
  config: SecretsManagerClientConfig = {},
  bounds: SdkCallBounds = SECRET_READ_BOUNDS,
): SecretsManagerClient {
  return new SecretsManagerClient({ ...config, requestHandler: boundedRequestHandler(bounds) });
}
