// The Lambda adapter. Two doors: a Function URL event carrying an RFC 8935 push (`Content-Type:
// application/secevent+jwt`, the SET signature being the authentication), and a direct invocation whose
// payload is an operator's JSON call (IAM decides who may invoke). Everything else is refused.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { revocationReceiverConfigFromEnv, type RevocationReceiverConfig } from '../shared/config';
import { DecisionLogger, type LogSink } from '../shared/decision-log';
import { DynamoDbRevocationStore } from '../shared/revocation';
import { remoteJwks } from '../shared/jwt/remote-jwks';
import type { KeyResolver } from '../shared/jwt/local-key-set';
import { apiGatewayFlusher, withThrottleRetries, type AuthorizerCacheFlusher } from './authorizer-cache-flush';
import { RevocationReceiver, type ReceiverAnswer } from './receiver';

/** A Function URL (payload 2.0) request: only what the receiver reads. */
export interface FunctionUrlEvent {
  readonly requestContext: { readonly http: { readonly method: string } };
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface ReceiverDeps {
  readonly dynamoDb: DynamoDBClient;
  readonly flusher: AuthorizerCacheFlusher;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly logSink: LogSink;
  /** The AS's keys; fetched from `jwksUri` when absent. */
  readonly keys: KeyResolver;
  readonly sleep: (ms: number) => Promise<void>;
}

export type ReceiverHandler = (event: unknown) => Promise<FunctionUrlResult | ReceiverAnswer>;

/** RFC 8935 bodies are small; anything larger is not a SET. */
const MAX_SET_BYTES = 64 * 1024;
const SET_CONTENT_TYPE = /^application\/secevent\+jwt\s*(;|$)/i;

export function createReceiverHandler(config: RevocationReceiverConfig, deps: Partial<ReceiverDeps> = {}): ReceiverHandler {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const client = deps.dynamoDb ?? new DynamoDBClient({ maxAttempts: 3, ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}) });
  let keys: KeyResolver | undefined = deps.keys;
  const flusher = deps.flusher ?? (config.flushApiKind === 'none' ? undefined : withThrottleRetries(apiGatewayFlusher({ kind: config.flushApiKind, apiId: config.flushApiId!, stage: config.flushStage! })));
  const receiver = new RevocationReceiver({
    config,
    writer: new DynamoDbRevocationStore({ client, tableName: config.cacheTable, timeoutMs: 2_000 }),
    keys: async () => (keys ??= remoteJwks(config.jwksUri, { fetch: fetchImpl, timeoutMs: 2_500 })),
    flusher,
    logger: new DecisionLogger(config.logLevel, deps.logSink),
    now: deps.now,
    sleep: deps.sleep,
  });
  return async (event) => {
    if (!isFunctionUrlEvent(event)) return receiver.receiveOperatorCall(event);
    return urlResult(await receiveOverUrl(receiver, event));
  };
}

async function receiveOverUrl(receiver: RevocationReceiver, event: FunctionUrlEvent): Promise<ReceiverAnswer> {
  if (event.requestContext.http.method !== 'POST') return refused('only POST delivers a SET');
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!SET_CONTENT_TYPE.test(contentType)) return refused('the Content-Type must be application/secevent+jwt');
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (body.length === 0 || Buffer.byteLength(body) > MAX_SET_BYTES) return refused('the body must be one SET');
  return receiver.receiveSet(body);
}

function refused(description: string): ReceiverAnswer {
  return { status: 400, err: 'invalid_request', description, applied: 0 };
}

/** RFC 8935 section 2.2: 202 with no body; section 2.3: 400 with `{ err, description }`. */
function urlResult(answer: ReceiverAnswer): FunctionUrlResult {
  if (answer.status === 202) return { statusCode: 202, headers: {}, body: '' };
  if (answer.status === 503) return { statusCode: 503, headers: { 'content-type': 'application/json', 'retry-after': '5' }, body: JSON.stringify({ description: answer.description }) };
  return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ err: answer.err, description: answer.description }) };
}

function isFunctionUrlEvent(event: unknown): event is FunctionUrlEvent {
  return typeof (event as FunctionUrlEvent)?.requestContext?.http?.method === 'string';
}

function headerOf(event: FunctionUrlEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

let defaultHandler: ReceiverHandler | undefined;

/** The Lambda entry point: configuration is read from the environment on the first call. */
export const handler = (event: unknown) => (defaultHandler ??= createReceiverHandler(revocationReceiverConfigFromEnv(process.env)))(event);
