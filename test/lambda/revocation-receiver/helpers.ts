// A receiver under test: its own AS keys (jose, in-process), dynalite for the table, a flush mock
// (API Gateway cannot run here) that records its calls, and the log lines captured.
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { createReceiverHandler, type AuthorizerCacheFlusher } from '../../../lambda/revocation-receiver';
import { DEFAULT_ALGORITHMS, type RevocationReceiverConfig } from '../../../lambda/shared/config';
import { localKeySet } from '../../../lambda/shared/jwt/local-key-set';
import type { DynamoDbBackend } from '../authorizer/helpers/dynamodb-backends';

export const ISSUER = 'https://as.example';
export const AUDIENCE = 'https://gateway.example/revocations';

export interface SigningKeys {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function signingKeys(kid = 'as-1'): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export interface SetOptions {
  readonly key?: SigningKeys;
  readonly issuer?: string;
  readonly audience?: string;
  readonly jti?: string;
  readonly typ?: string;
  readonly extra?: Record<string, unknown>;
}

export async function signSet(keys: SigningKeys, events: Record<string, unknown>, options: SetOptions = {}): Promise<string> {
  const key = options.key ?? keys;
  return new SignJWT({ events, ...options.extra })
    .setProtectedHeader({ alg: 'ES256', kid: key.publicJwk.kid, typ: options.typ ?? 'secevent+jwt' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setJti(options.jti ?? randomUUID())
    .sign(key.privateKey);
}

/** The flush mock: counts calls, and fails with a throttle the first `throttles` times. */
export function mockFlusher(throttles = 0): AuthorizerCacheFlusher & { calls: number } {
  const mock = {
    calls: 0,
    async flush() {
      mock.calls += 1;
      if (mock.calls <= throttles) throw Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' });
    },
  };
  return mock;
}

export async function receiverUnderTest(db: DynamoDbBackend, keys: SigningKeys, flusher = mockFlusher()) {
  const table = await db.newTable();
  const config: RevocationReceiverConfig = {
    issuer: ISSUER,
    jwksUri: `${ISSUER}/jwks`,
    audience: AUDIENCE,
    cacheTable: table,
    cacheMaxTtlSeconds: 300,
    allowedAlgorithms: DEFAULT_ALGORITHMS,
    clockToleranceSeconds: 30,
    flushApiKind: 'none',
    revocationPollIntervalMs: 2_000,
    logLevel: 'info',
    localMode: false,
  };
  const jwks = createLocalJWKSetFor(keys);
  const lines: string[] = [];
  const sleeps: number[] = [];
  const handler = createReceiverHandler(config, { dynamoDb: db.client, flusher, logSink: (line) => lines.push(line), keys: jwks, sleep: async (ms) => void sleeps.push(ms) });
  return { table, config, handler, flusher, lines, sleeps };
}

export function pushEvent(body: string, contentType = 'application/secevent+jwt') {
  return { requestContext: { http: { method: 'POST' } }, headers: { 'Content-Type': contentType }, body, isBase64Encoded: false };
}

export function createLocalJWKSetFor(keys: SigningKeys) {
  return localKeySet({ keys: [keys.publicJwk] });
}
