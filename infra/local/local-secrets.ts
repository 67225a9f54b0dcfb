/**
 * Secrets Manager's `GetSecretValue` on loopback, for the secrets the local stack was given
 * (a mainland SMS provider's keys): the SDK in the handlers finds it through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER, so the code that reads the secret in AWS runs unchanged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSecrets {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startLocalSecrets(secrets: Readonly<Record<string, string>>): Promise<LocalSecrets> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return reply(400, { __type: 'InvalidRequestException', message: 'only GetSecretValue runs locally' });
    }
    let id = '';
    try {
      id = String(JSON.parse(Buffer.concat(chunks).toString('utf8')).SecretId ?? '');
    } catch {
      id = '';
    }
    const value = secrets[id];
    if (value === undefined)
      return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    return reply(200, { ARN: id, Name: id, SecretString: value, VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
