// Client credentials: Secrets Manager through the real SDK (loopback server), refresh on an AS 401,
// private_key_jwt assertions, and every malformed secret as a ConfigError.
// The scripted AS listens on loopback http, so these configs stay in local mode (an http issuer and its
// discovered http endpoints are refused otherwise); the secret still comes from Secrets Manager.
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { basicAuthorization, clientAuthentication, formUrlEncode } from '../../../../lambda/authorizer/as-client/client-auth';
import { CredentialsSource, parseCredentials } from '../../../../lambda/authorizer/as-client/credentials';
import { secretsManagerReader } from '../../../../lambda/authorizer/as-client/secrets-manager';
import { ConfigError, UpstreamError } from '../../../../lambda/shared/errors';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';
import { jsonAnswer, jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';
import { startSecretsServer, type SecretsServer } from '../helpers/secrets-manager-server';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client';
const saved = { ...process.env };
let as: ScriptedAs;
let secrets: SecretsServer;
let jwt: string;

beforeAll(async () => {
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  [as, secrets] = await Promise.all([startScriptedAs(), startSecretsServer({ [ARN]: 'old-secret' })]);
  jwt = await as.mint({ sub: 'u', scope: 'invoice_read' });
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([as.stop(), secrets.stop()]);
});
beforeEach(() => {
  as.requests.length = 0;
  secrets.reads.length = 0;
  secrets.secrets[ARN] = 'old-secret';
});

const basicSecret = (header: unknown) => Buffer.from(String(header).slice(6), 'base64').toString().split(':')[1];

describe('client_secret_basic from Secrets Manager', () => {
  const config = () => testConfig({ issuer: as.issuer, clientSecret: undefined, clientSecretArn: ARN });
  const reader = () => secretsManagerReader({ endpoint: secrets.endpoint, timeoutMs: 2000 });

  it('reads the secret once per instance', async () => {
    as.respond = () => jwtAnswer(jwt);
    const h = harness(config(), { readSecret: reader() });
    await h.handler(restRequestEvent('Bearer a'));
    await h.handler(restRequestEvent('Bearer b'));
    expect(secrets.reads).toEqual([ARN]);
    expect(basicSecret(as.requests[0].headers.authorization)).toBe('old-secret');
  });

  it('re-reads the secret once when the AS refuses it, and retries', async () => {
    // The secret is rotated in Secrets Manager and at the AS; this instance still holds the old one.
    as.respond = (request) => {
      if (basicSecret(request.headers.authorization) === 'new-secret') return jwtAnswer(jwt);
      secrets.secrets[ARN] = 'new-secret';
      return jsonAnswer(401, { error: 'invalid_client' });
    };
    const h = harness(config(), { readSecret: reader() });
    const first = h.handler(restRequestEvent('Bearer a'));
    const result = (await first) as APIGatewayAuthorizerResult;
    expect(result.context?.jwt).toBe(jwt);
    expect(secrets.reads).toEqual([ARN, ARN]);
    expect(as.requests).toHaveLength(2);
    expect(h.lines.some((line) => line.includes('"msg":"secret_refresh"'))).toBe(true);
  });

  it('does not re-read more than once a minute; a refused secret is ERR_AS_CLIENT_AUTH', async () => {
    as.respond = () => jsonAnswer(401, { error: 'invalid_client' });
    const h = harness(config(), { readSecret: reader() });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer a')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer b')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    // Cold-start read, then one re-read after the first refusal; none for the second request.
    expect(secrets.reads).toHaveLength(2);
    expect(as.requests).toHaveLength(3);
    h.advance(61_000);
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer c')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    expect(secrets.reads).toHaveLength(3);
  });

  it('maps an unreadable secret to ERR_AS_CLIENT_AUTH and tries again on the next request', async () => {
    const h = harness(testConfig({ issuer: as.issuer, clientSecret: undefined, clientSecretArn: `${ARN}-missing` }), { readSecret: reader() });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer a')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    secrets.secrets[`${ARN}-missing`] = 'now-there';
    as.respond = () => jwtAnswer(jwt);
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer a')))).toBe('resolved');
  });

  it('reads a JSON secret with client_secret', async () => {
    secrets.secrets[ARN] = JSON.stringify({ client_secret: 'json-secret' });
    as.respond = () => jwtAnswer(jwt);
    await harness(config(), { readSecret: reader() }).handler(restRequestEvent('Bearer a'));
    expect(basicSecret(as.requests[0].headers.authorization)).toBe('json-secret');
  });
});

describe('private_key_jwt', () => {
  it('signs a short-lived assertion the AS can verify with the client public key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'client-key-1', alg: 'ES256' };
    const publicJwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'client-key-1', alg: 'ES256' }] });
    as.respond = () => jwtAnswer(jwt);
    const h = harness(testConfig({ issuer: as.issuer, clientId: 'gateway-pkjwt-client', clientAuthMethod: 'private_key_jwt', clientSecret: JSON.stringify(privateJwk) }));
    await h.handler(restRequestEvent('Bearer a'));
    const { form, headers } = as.requests[0];
    expect(headers.authorization).toBeUndefined();
    expect(form.get('client_id')).toBe('gateway-pkjwt-client');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion')!, publicJwks, { issuer: 'gateway-pkjwt-client', audience: as.issuer });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'client-key-1' });
    expect(payload.sub).toBe('gateway-pkjwt-client');
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(typeof payload.jti).toBe('string');
  });

  it.each([
    ['RSA PEM', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256'],
    ['P-384 PEM', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ES384'],
    ['Ed25519 PEM', () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'EdDSA'],
  ])('accepts a %s key and picks %s', async (_name, pem, alg) => {
    const config = testConfig({ issuer: 'http://as', clientAuthMethod: 'private_key_jwt', clientSecret: pem() });
    const credentials = parseCredentials(config, config.clientSecret!);
    expect(credentials).toMatchObject({ method: 'private_key_jwt', alg });
    const auth = await clientAuthentication(credentials, 'http://as', Date.now());
    expect(auth.params.client_assertion.split('.')).toHaveLength(3);
  });
});

describe('parseCredentials', () => {
  const basic = testConfig({ issuer: 'http://as' });
  const pkjwt = testConfig({ issuer: 'http://as', clientAuthMethod: 'private_key_jwt' });
  it.each([
    ['broken JSON', basic, '{oops'],
    ['JSON without client_secret', basic, '{"other":1}'],
    ['empty', basic, '  '],
    ['not a key', pkjwt, 'hello'],
    ['a key type without default alg', pkjwt, generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
  ])('rejects %s with a ConfigError', (_name, config, material) => {
    expect(() => parseCredentials(config, material)).toThrow(ConfigError);
  });
});

describe('private_key_jwt alg must fit the key', () => {
  const pkjwt = testConfig({ issuer: 'http://as', clientAuthMethod: 'private_key_jwt', clientSecret: undefined, clientSecretArn: ARN });
  const jwkOf = (key: import('node:crypto').KeyObject, alg: string) => JSON.stringify({ ...key.export({ format: 'jwk' }), alg });
  const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;

  it.each([
    ['a P-256 key with alg RS256', p256, 'RS256'],
    ['a P-256 key with alg ES384', p256, 'ES384'],
    ['an RSA key with alg ES256', rsa, 'ES256'],
    ['an RSA key with alg HS256', rsa, 'HS256'],
    ['an Ed25519 key with alg PS256', ed, 'PS256'],
  ])('refuses at load %s: a ConfigError naming PHANTOM_CLIENT_SECRET_ARN', (_name, key, alg) => {
    let thrown: unknown;
    try {
      parseCredentials(pkjwt, jwkOf(key, alg));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).setting).toBe('PHANTOM_CLIENT_SECRET_ARN');
  });

  it.each([
    ['a P-256 key with ES256', p256, 'ES256'],
    ['an RSA key with PS384', rsa, 'PS384'],
    ['an Ed25519 key with EdDSA', ed, 'EdDSA'],
  ])('accepts %s', (_name, key, alg) => {
    expect(parseCredentials(pkjwt, jwkOf(key, alg))).toMatchObject({ method: 'private_key_jwt', alg });
  });

  it('a request meets the misfit at the secret load as ERR_CONFIG, not ERR_INTERNAL', async () => {
    const h = harness({ ...pkjwt, issuer: as.issuer }, { readSecret: async () => jwkOf(p256, 'RS256') });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer t')))).toBe('Authorizer failure: ERR_CONFIG');
    expect(h.decisions()[0]).toMatchObject({ outcome: 'error', reason: 'ERR_CONFIG' });
  });
});

describe('CredentialsSource', () => {
  it('does not refresh an env secret, and reports an unreadable secret as ERR_AS_CLIENT_AUTH', async () => {
    const local = new CredentialsSource(testConfig({ issuer: 'http://as' }), async () => 'x', Date.now);
    expect(await local.refresh()).toBe(false);
    const failing = new CredentialsSource(testConfig({ issuer: 'http://as', clientSecret: undefined, clientSecretArn: ARN }), async () => {
      throw new Error('AccessDenied');
    }, Date.now);
    await expect(failing.get()).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('form-url-encoding before Basic (RFC 6749 §2.3.1)', () => {
  it('encodes reserved characters in id and secret', () => {
    expect(formUrlEncode('a b:c/d+e%f')).toBe('a+b%3Ac%2Fd%2Be%25f');
    expect(Buffer.from(basicAuthorization('id:1', 'p@ss w').slice(6), 'base64').toString()).toBe('id%3A1:p%40ss+w');
  });
});
