// Real keys and real signed tokens for the validator tests: RS256, ES256 and EdDSA key pairs made with
// jose, a static JWKS of their public halves, and proxy events carrying a JWT the way our authorizer does.
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export const ISSUER = 'https://as.example.com';
export const AUDIENCE = 'https://api.example.com';
export const NOW_SECONDS = 1_800_000_000;
export const fixedClock = (seconds = NOW_SECONDS) => () => seconds * 1000;

export type TestAlg = 'RS256' | 'ES256' | 'EdDSA';

export interface TestKey {
  readonly alg: TestAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeKey(alg: TestAlg, kid = `${alg.toLowerCase()}-key`): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk };
}

export async function makeKeys(): Promise<Record<TestAlg, TestKey>> {
  const [RS256, ES256, EdDSA] = await Promise.all([makeKey('RS256'), makeKey('ES256'), makeKey('EdDSA')]);
  return { RS256, ES256, EdDSA };
}

export function jwksOf(...keys: TestKey[]): JSONWebKeySet {
  return { keys: keys.map((key) => key.publicJwk) };
}

export function phantomClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: ISSUER,
    sub: 'user-1001',
    aud: AUDIENCE,
    client_id: 'invoices-client',
    scope: 'invoice_read invoice_write',
    subscriber_id: 'sub-1001',
    iat: NOW_SECONDS - 10,
    exp: NOW_SECONDS + 300,
    jti: 'jti-1',
    ...overrides,
  };
}

export interface MintOptions {
  readonly claims?: JWTPayload;
  readonly header?: Record<string, unknown>;
  readonly typ?: string | null;
}

export async function mint(key: TestKey, options: MintOptions = {}): Promise<string> {
  const typ = options.typ === undefined ? 'at+jwt' : options.typ;
  const header = { alg: key.alg, kid: key.kid, ...(typ === null ? {} : { typ }), ...options.header };
  return new SignJWT(options.claims ?? phantomClaims()).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}

/** A REST API (payload 1.0) Lambda proxy event as our local and deployed gateways send it. */
export function restEvent(jwt: string | undefined, overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/invoices/{id}',
    path: '/invoices/inv-1001',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: 'inv-1001' },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      authorizer: jwt === undefined ? null : { jwt, principalId: 'user-1001' },
      protocol: 'HTTP/1.1',
      httpMethod: 'GET',
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      path: '/local/invoices/inv-1001',
      stage: 'local',
      requestId: 'req-1',
      requestTimeEpoch: NOW_SECONDS * 1000,
      resourceId: 'r1',
      resourcePath: '/invoices/{id}',
    },
    ...overrides,
  } as APIGatewayProxyEvent;
}

/** An HTTP API (payload 2.0) event; the Lambda authorizer's context sits under `authorizer.lambda`. */
export function httpApiEvent(jwt: string | undefined, overrides: Partial<APIGatewayProxyEventV2> & { routeKey?: string } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /invoices/{id}',
    rawPath: '/invoices/inv-1001',
    rawQueryString: '',
    headers: {},
    pathParameters: { id: 'inv-1001' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'http',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path: '/invoices/inv-1001', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-2',
      routeKey: 'GET /invoices/{id}',
      stage: '$default',
      time: '',
      timeEpoch: NOW_SECONDS * 1000,
      ...(jwt === undefined ? {} : { authorizer: { lambda: { jwt } } }),
    },
    ...overrides,
  } as APIGatewayProxyEventV2;
}
