// A loopback server speaking the Secrets Manager JSON protocol (GetSecretValue only), so the real SDK
// client is exercised end to end without an AWS account.
import { createServer, type Server } from 'node:http';

export interface SecretsServer {
  readonly endpoint: string;
  readonly reads: string[];
  secrets: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSecretsServer(secrets: Record<string, string>): Promise<SecretsServer> {
  const state: SecretsServer = { endpoint: '', reads: [], secrets, stop: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const value = SecretId ? state.secrets[SecretId] : undefined;
      if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(
          JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Secrets Manager can\'t find the specified secret.' }),
        );
        return;
      }
      state.reads.push(SecretId!);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({ ARN: SecretId, Name: 'client', SecretString: value, VersionId: 'v1', CreatedDate: 0 }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
