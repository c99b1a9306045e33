// The revocation receiver on loopback: the real handler behind a plain HTTP listener. `POST /` is the
// Function URL (an RFC 8935 push); `POST /invoke` stands in for a direct Lambda invocation (the operator
// call, which IAM authenticates when deployed; here only loopback can reach it). The flush empties the
// local gateway's authorizer result cache, as FlushStageAuthorizersCache would.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createServer, type IncomingMessage } from 'node:http';
import { createReceiverHandler, type AuthorizerCacheFlusher } from '../../lambda/revocation-receiver';
import { revocationReceiverConfigFromEnv, revocationReceiverConfigToEnv, type RevocationReceiverSettings } from '../../lambda/shared/config';
import type { LogSink } from '../../lambda/shared/decision-log';
import { close, listen } from '../listen';

/** The `aud` local mode's SETs carry: the local gateway's name at the AS. */
export const LOCAL_REVOCATION_AUDIENCE = 'urn:cdk-phantom-token:local-gateway';

export interface LocalRevocationReceiverOptions {
  readonly settings: Omit<RevocationReceiverSettings, 'audience'> & { readonly audience?: string };
  readonly dynamoDb: DynamoDBClient;
  readonly flusher: AuthorizerCacheFlusher;
  readonly logSink?: LogSink;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
}

export interface LocalRevocationReceiver {
  /** Where SETs are pushed (`POST`, `Content-Type: application/secevent+jwt`). */
  readonly url: string;
  /** Where operator calls go (`POST` JSON, `{ "revoke": { ... } }`). */
  readonly invokeUrl: string;
  readonly audience: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

export async function startLocalRevocationReceiver(options: LocalRevocationReceiverOptions): Promise<LocalRevocationReceiver> {
  const audience = options.settings.audience ?? LOCAL_REVOCATION_AUDIENCE;
  // Through the environment round trip, as the Lambda reads it.
  const config = revocationReceiverConfigFromEnv(revocationReceiverConfigToEnv({ ...options.settings, audience, flushApiKind: 'none', localMode: true }));
  const handler = createReceiverHandler(config, { dynamoDb: options.dynamoDb, flusher: options.flusher, ...(options.logSink ? { logSink: options.logSink } : {}) });
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/invoke' && request.method === 'POST') {
        let payload: unknown;
        try {
          payload = JSON.parse(body);
        } catch {
          payload = undefined;
        }
        const answer = await handler(payload);
        response.writeHead((answer as { status: number }).status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        return;
      }
      const result = (await handler({
        requestContext: { http: { method: request.method ?? 'GET' } },
        headers: { 'content-type': request.headers['content-type'] },
        body,
        isBase64Encoded: false,
      })) as { statusCode: number; headers: Record<string, string>; body: string };
      response.writeHead(result.statusCode, result.headers).end(result.body);
    })().catch(() => response.writeHead(500).end());
  });
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/`, invokeUrl: `http://127.0.0.1:${port}/invoke`, audience, stop: () => close(server) };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
