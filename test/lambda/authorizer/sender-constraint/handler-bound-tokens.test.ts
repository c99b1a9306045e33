// The handler with bound tokens from a scripted AS (the JWT's cnf is whatever the test mints): every event
// kind, the memory tier keeping the binding, and a replay store that cannot answer (503, never an allow).
import type { APIGatewayAuthorizerResult, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { generateKeyPair, generateProof, type KeyPair } from 'dpop';
import { jwkThumbprint } from '../../../../lambda/authorizer/sender-constraint/jwk-thumbprint';
import { restRequestEvent, testConfig } from '../helpers/config';
import { startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness, outcomeOf } from '../helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

let as: ScriptedAs;
let keys: KeyPair;
let jkt: string;
beforeAll(async () => {
  as = await startScriptedAs();
  keys = await generateKeyPair('ES256', { extractable: true });
  jkt = jwkThumbprint((await crypto.subtle.exportKey('jwk', keys.publicKey)) as Record<string, unknown>)!;
});
afterAll(() => as.stop());

const claims = { sub: 'user-1', client_id: 'invoices-client', scope: 'invoice_read invoice_write' };
const HOST = 'api1.execute-api.us-east-1.amazonaws.com';
const URL_ = `https://${HOST}/prod/invoices`;

function dpopRestEvent(token: string, proofs: string[], scheme = 'DPoP') {
  const event = restRequestEvent(`${scheme} ${token}`, 'GET', '/invoices');
  return {
    ...event,
    headers: { ...event.headers, ...(proofs.length ? { DPoP: proofs[proofs.length - 1] } : {}) },
    multiValueHeaders: { ...event.multiValueHeaders, ...(proofs.length ? { DPoP: proofs } : {}) },
    requestContext: { requestId: 'req-1', domainName: HOST, path: '/prod/invoices' } as never,
  };
}

const allows = (result: unknown) => (result as APIGatewayAuthorizerResult).policyDocument.Statement.some((statement) => statement.Effect === 'Allow');

it('REST REQUEST: a DPoP-bound token needs a fresh proof on every request, memory hits included', async () => {
  as.respond = async () => jwtAnswer(await as.mint({ ...claims, cnf: { jkt } }));
  const h = harness(testConfig({ issuer: as.issuer, senderConstrained: true, publicBaseUrl: `https://${HOST}/prod` }));
  const first = await generateProof(keys, URL_, 'GET', undefined, 'tok');
  expect(allows(await h.handler(dpopRestEvent('tok', [first])))).toBe(true);
  // The token is in the memory tier now; the binding came with it.
  expect(await outcomeOf(h.handler(dpopRestEvent('tok', [first])))).toBe('Unauthorized');
  expect(await outcomeOf(h.handler(dpopRestEvent('tok', [], 'Bearer')))).toBe('Unauthorized');
  expect(allows(await h.handler(dpopRestEvent('tok', [await generateProof(keys, URL_, 'GET', undefined, 'tok')])))).toBe(true);
  expect(h.decisions().map((line) => [line.reason, line.cacheTier])).toEqual([
    ['OK', 'miss'],
    ['ERR_DPOP_PROOF_REPLAYED', 'memory'],
    ['ERR_BOUND_TOKEN_AS_BEARER', 'memory'],
    ['OK', 'memory'],
  ]);
});

it('HTTP API 2.0: the proof is checked against the base URL and the raw path', async () => {
  as.respond = async () => jwtAnswer(await as.mint({ ...claims, cnf: { jkt } }));
  const h = harness(testConfig({ issuer: as.issuer, senderConstrained: true, publicBaseUrl: 'https://api.example.com' }));
  const event = (dpop: string) => ({
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api2/$default/GET/invoices',
    routeKey: 'GET /invoices',
    rawPath: '/invoices',
    headers: { authorization: 'DPoP tok', dpop },
    requestContext: { requestId: 'r2', domainName: 'api.example.com', http: { method: 'GET' } },
  });
  const good = await generateProof(keys, 'https://api.example.com/invoices', 'GET', undefined, 'tok');
  expect(((await h.handler(event(good) as never)) as APIGatewaySimpleAuthorizerResult).isAuthorized).toBe(true);
  const elsewhere = await generateProof(keys, 'https://other.example.com/invoices', 'GET', undefined, 'tok');
  expect(await outcomeOf(h.handler(event(elsewhere) as never))).toBe('Unauthorized');
  expect(h.decisions().at(-1)).toMatchObject({ reason: 'ERR_DPOP_PROOF_HTU' });
});

it('REST TOKEN: no DPoP header reaches a TOKEN authorizer, so a DPoP-bound token is refused', async () => {
  as.respond = async () => jwtAnswer(await as.mint({ ...claims, cnf: { jkt } }));
  const h = harness(testConfig({ issuer: as.issuer, senderConstrained: true }));
  const event = { type: 'TOKEN', authorizationToken: 'DPoP tok', methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/invoices' };
  expect(await outcomeOf(h.handler(event as never))).toBe('Unauthorized');
  expect(h.decisions().at(-1)).toMatchObject({ reason: 'ERR_DPOP_PROOF_MISSING' });
});

it('a replay store that cannot answer is a 503 and a dynamodb_error, never an allow', async () => {
  as.respond = async () => jwtAnswer(await as.mint({ ...claims, cnf: { jkt } }));
  const h = harness(testConfig({ issuer: as.issuer, senderConstrained: true, publicBaseUrl: `https://${HOST}/prod`, cacheTable: 'cache', dynamoDbEndpoint: 'http://127.0.0.1:9' }));
  const proof = await generateProof(keys, URL_, 'GET', undefined, 'tok');
  expect(await outcomeOf(h.handler(dpopRestEvent('tok', [proof])))).toBe('Authorizer failure: ERR_REPLAY_STORE_UNAVAILABLE');
  expect(h.decisions().at(-1)).toMatchObject({ outcome: 'unavailable', reason: 'ERR_REPLAY_STORE_UNAVAILABLE' });
  const errors = h.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'dynamodb_error');
  expect(errors.map((line) => line.operation)).toContain('PutItem');
});

describe('the token cache keeps the binding', () => {
  let db: DynamoDbBackend;
  beforeAll(async () => {
    db = await startBackend('dynalite');
  }, 90_000);
  afterAll(() => db?.stop());

  it('a second instance reads the token from DynamoDB (no AS call), binding included: Bearer refused, a fresh proof served', async () => {
    const table = await db.newTable();
    as.respond = async () => jwtAnswer(await as.mint({ ...claims, cnf: { jkt } }));
    const config = testConfig({ issuer: as.issuer, senderConstrained: true, publicBaseUrl: `https://${HOST}/prod`, cacheTable: table, dynamoDbEndpoint: db.endpoint });
    const first = harness(config, { dynamoDb: db.client });
    expect(allows(await first.handler(dpopRestEvent('tok-2', [await generateProof(keys, URL_, 'GET', undefined, 'tok-2')])))).toBe(true);
    as.respond = () => {
      throw new Error('the second instance must not call the AS');
    };
    const second = harness(config, { dynamoDb: db.client });
    expect(await outcomeOf(second.handler(dpopRestEvent('tok-2', [], 'Bearer')))).toBe('Unauthorized');
    expect(allows(await second.handler(dpopRestEvent('tok-2', [await generateProof(keys, URL_, 'GET', undefined, 'tok-2')])))).toBe(true);
    expect(second.decisions().map((line) => [line.reason, line.cacheTier])).toEqual([
      ['ERR_BOUND_TOKEN_AS_BEARER', 'dynamodb'],
      ['OK', 'memory'],
    ]);
  });
});
