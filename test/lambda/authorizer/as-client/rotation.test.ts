// Secret rotation under concurrency: requests in flight with the old secret when it is rotated are all
// refused (401 invalid_client). The first re-reads the secret; the others wait for that re-read (or use
// its result) and retry once with the new secret instead of failing 503, and Secrets Manager is still
// read at most once per cooldown.
// (The scripted AS is loopback http, so the configs stay in local mode; the secret comes from readSecret.)
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';
import { jsonAnswer, jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client';
let as: ScriptedAs;
let jwt: string;

beforeAll(async () => {
  as = await startScriptedAs();
  jwt = await as.mint({ sub: 'u', scope: 'invoice_read' });
});
afterAll(() => as.stop());

const basicSecret = (header: unknown) => Buffer.from(String(header).slice(6), 'base64').toString().split(':')[1];

describe('secret rotation under concurrency', () => {
  it('requests in flight with the old secret retry with the refreshed one instead of failing 503', async () => {
    let stored = 'old-secret';
    const reads: string[] = [];
    const readSecret = async () => {
      reads.push(stored);
      return stored;
    };
    const h = harness(testConfig({ issuer: as.issuer, clientSecret: undefined, clientSecretArn: ARN }), { readSecret });
    // Warm the instance with the old secret.
    as.respond = () => jwtAnswer(jwt);
    await h.handler(restRequestEvent('Bearer warm'));
    // Rotation: Secrets Manager and the AS now hold the new secret.
    stored = 'new-secret';
    as.respond = (request) =>
      basicSecret(request.headers.authorization) === 'new-secret' ? jwtAnswer(jwt) : { ...jsonAnswer(401, { error: 'invalid_client' }), delayMs: 20 };
    const results = await Promise.all(['Bearer a', 'Bearer b', 'Bearer c'].map((token) => outcomeOf(h.handler(restRequestEvent(token)))));
    expect(results).toEqual(['resolved', 'resolved', 'resolved']);
    // Still at most one re-read, counted once (SecretRefreshes).
    expect(reads).toEqual(['old-secret', 'new-secret']);
    expect(h.lines.filter((line) => line.includes('"msg":"secret_refresh"'))).toHaveLength(1);
  });

  it('a request that sent the old secret before the refresh finished retries with the new one', async () => {
    let stored = 'old-secret';
    const readSecret = async () => stored;
    const h = harness(testConfig({ issuer: as.issuer, clientSecret: undefined, clientSecretArn: ARN }), { readSecret });
    as.respond = () => jwtAnswer(jwt);
    await h.handler(restRequestEvent('Bearer warm2'));
    stored = 'new-secret';
    // The slow request's old-secret call is answered after the fast one has refreshed and succeeded.
    as.respond = (request) => {
      if (basicSecret(request.headers.authorization) === 'new-secret') return jwtAnswer(jwt);
      return { ...jsonAnswer(401, { error: 'invalid_client' }), delayMs: request.form.get('token') === 'slow' ? 300 : 0 };
    };
    const slow = outcomeOf(h.handler(restRequestEvent('Bearer slow')));
    const fast = (await h.handler(restRequestEvent('Bearer fast'))) as APIGatewayAuthorizerResult;
    expect(fast.context?.jwt).toBe(jwt);
    expect(await slow).toBe('resolved');
  });

  it('a request refused with the re-read secret itself, within the cooldown, is ERR_AS_CLIENT_AUTH without another read', async () => {
    let reads = 0;
    const h = harness(testConfig({ issuer: as.issuer, clientSecret: undefined, clientSecretArn: ARN }), {
      readSecret: async () => `secret-${++reads}`,
    });
    as.respond = () => jwtAnswer(jwt);
    await h.handler(restRequestEvent('Bearer warm3'));
    as.respond = () => jsonAnswer(401, { error: 'invalid_client' });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer d')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer e')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    expect(reads).toBe(2);
  });
});
