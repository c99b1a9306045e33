// DPoP-bound tokens (RFC 9449) end to end over HTTP: the embedded AS issues a token bound to a key held
// by the client (proofs made by panva's `dpop`), the local gateway runs the real authorizer with the
// DynamoDB replay store, and every proof that is not fresh, exact and the key's own is a 401, never a
// 5xx, with the reason on the decision line. A second authorizer instance on the same table sees the
// first one's proofs. Also: why the gateway's result cache must be off for bound tokens.
import { KeyObject } from 'node:crypto';
import { createAuthorizerHandler } from '../../../lambda/authorizer';
import { jwkThumbprint } from '../../../lambda/authorizer/sender-constraint/jwk-thumbprint';
import { authorizerConfigFromEnv, authorizerConfigToEnv, EXCHANGE_MODES } from '../../../lambda/shared/config';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { asServerFromEmbedded } from '../../../local/as-server';
import { exampleServices } from '../../../local/example-api';
import { startLocalGateway, type ProxyEvent } from '../../../local/gateway';
import { startLocalStack, type LocalStack } from '../../../local/local-stack';
import { ath, ecKey, es256Proof, hs256Proof, proofClaims, unsignedProof, type TestKey } from '../../lambda/authorizer/sender-constraint/proof-jws';
import { dpopBoundToken, proofFor, rawCall, type BoundToken } from './dpop-client';
import { startSecondGateway } from './second-gateway';

const INVOICES = '/invoices/inv-1001';

describe('DPoP-bound tokens through the local gateway', () => {
  let stack: LocalStack;
  const lines: Array<Record<string, unknown>> = [];
  const received: ProxyEvent[] = [];
  const url = (path = INVOICES) => `${stack.gatewayUrl}${path}`;
  const lastReason = () => lines.filter((line) => line.component === 'authorizer').at(-1)?.reason;
  const bound = () => dpopBoundToken(stack.tokenEndpoint, 'invoices-client', 'invoices-secret');
  /** The bound key as node:crypto has it, for the proofs no library would make. */
  const testKey = async (token: BoundToken): Promise<TestKey> => ({
    privateKey: KeyObject.from(token.keys.privateKey),
    publicJwk: KeyObject.from(token.keys.publicKey).export({ format: 'jwk' }) as Record<string, unknown>,
  });
  const dpopCall = (token: BoundToken, proofs: string[], path = INVOICES, method = 'GET') =>
    rawCall(url(path), [['Authorization', `DPoP ${token.token}`], ...proofs.map((proof): [string, string] => ['DPoP', proof])], { method });

  beforeAll(async () => {
    stack = await startLocalStack({
      senderConstrained: true,
      accessLog: false,
      decisionLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      onServiceEvent: (_service, event) => received.push(event),
    });
  });
  afterAll(() => stack?.stop());

  it('the AS issues a DPoP token; a fresh proof is 200, and the service gets a plain phantom JWT with cnf kept', async () => {
    const token = await bound();
    expect(token.tokenType).toBe('DPoP');
    const answer = await dpopCall(token, [await proofFor(token, url())]);
    expect(answer.status).toBe(200);
    expect(lastReason()).toBe('OK');
    const jwt = received.at(-1)!.requestContext.authorizer!.jwt as string;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { cnf?: { jkt?: string } };
    const publicJwk = await crypto.subtle.exportKey('jwk', token.keys.publicKey);
    expect(claims.cnf?.jkt).toBe(jwkThumbprint(publicJwk as Record<string, unknown>));
    expect(received.at(-1)!.headers?.Authorization).toBe(`Bearer ${jwt}`);
  });

  it('every later request needs its own proof: a replayed proof is 401 ERR_DPOP_PROOF_REPLAYED, a new one 200', async () => {
    const token = await bound();
    const proof = await proofFor(token, url());
    expect((await dpopCall(token, [proof])).status).toBe(200);
    const replay = await dpopCall(token, [proof]);
    expect(replay.status).toBe(401);
    expect(lastReason()).toBe('ERR_DPOP_PROOF_REPLAYED');
    expect((await dpopCall(token, [await proofFor(token, url())])).status).toBe(200);
  });

  it('a proof replayed to a second authorizer instance sharing the table is 401 (the conditional write decides)', async () => {
    const secondLines: Array<Record<string, unknown>> = [];
    const second = await startSecondGateway(stack, secondLines);
    try {
      const token = await bound();
      const proof = await proofFor(token, url());
      expect((await dpopCall(token, [proof])).status).toBe(200);
      // The same public URL (Host) as the first instance, as two Lambda instances behind one API have.
      const publicHost = new URL(stack.gatewayUrl).host;
      const replay = await rawCall(`${second.url}${INVOICES}`, [['Authorization', `DPoP ${token.token}`], ['DPoP', proof]], { host: publicHost });
      expect(replay.status).toBe(401);
      expect(secondLines.at(-1)).toMatchObject({ reason: 'ERR_DPOP_PROOF_REPLAYED' });
      // A fresh proof works on the second instance too.
      const fresh = await rawCall(`${second.url}${INVOICES}`, [['Authorization', `DPoP ${token.token}`], ['DPoP', await proofFor(token, url())]], { host: publicHost });
      expect(fresh.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('a bound token presented as Bearer is 401 ERR_BOUND_TOKEN_AS_BEARER, with or without a proof', async () => {
    const token = await bound();
    const bare = await rawCall(url(), [['Authorization', `Bearer ${token.token}`]]);
    expect(bare.status).toBe(401);
    expect(lastReason()).toBe('ERR_BOUND_TOKEN_AS_BEARER');
    const withProof = await rawCall(url(), [['Authorization', `Bearer ${token.token}`], ['DPoP', await proofFor(token, url())]]);
    expect(withProof.status).toBe(401);
    expect(lastReason()).toBe('ERR_BOUND_TOKEN_AS_BEARER');
  });

  it('the 401 challenges with Bearer and DPoP algs', async () => {
    const token = await bound();
    const answer = await rawCall(url(), [['Authorization', `Bearer ${token.token}`]]);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer, DPoP algs="ES256 [^"]*"$/);
  });

  it.each([
    ['wrong htm', 'ERR_DPOP_PROOF_HTM', (token: BoundToken, target: string) => proofFor(token, target, 'POST')],
    ['wrong htu', 'ERR_DPOP_PROOF_HTU', (token: BoundToken, target: string) => proofFor(token, target.replace('inv-1001', 'inv-2002'))],
    ['another key', 'ERR_DPOP_KEY_MISMATCH', async (token: BoundToken, target: string) => proofFor({ ...token, keys: (await bound()).keys }, target)],
    ['no ath', 'ERR_DPOP_PROOF_ATH', async (token: BoundToken, target: string) => (await import('dpop')).generateProof(token.keys, target, 'GET')],
  ])('a proof with %s is 401 %s', async (_name, reason, makeProof) => {
    const token = await bound();
    const answer = await dpopCall(token, [await makeProof(token, url())]);
    expect(answer.status).toBe(401);
    expect(lastReason()).toBe(reason);
  });

  it.each([
    ['a stale iat', 'ERR_DPOP_PROOF_IAT', (key: TestKey, claims: Record<string, unknown>) => es256Proof(key, { ...claims, iat: (claims.iat as number) - 300 })],
    ['a future iat', 'ERR_DPOP_PROOF_IAT', (key: TestKey, claims: Record<string, unknown>) => es256Proof(key, { ...claims, iat: (claims.iat as number) + 300 })],
    ['alg none', 'ERR_DPOP_PROOF_ALG', (key: TestKey, claims: Record<string, unknown>) => unsignedProof(key, claims)],
    ['HS256', 'ERR_DPOP_PROOF_ALG', (key: TestKey, claims: Record<string, unknown>) => hs256Proof(key, claims)],
    ['a private key in jwk', 'ERR_DPOP_PROOF_JWK', (key: TestKey, claims: Record<string, unknown>) => es256Proof(key, claims, { jwk: key.privateKey.export({ format: 'jwk' }) })],
    ['a signature by another key', 'ERR_DPOP_PROOF_SIGNATURE', (key: TestKey, claims: Record<string, unknown>) => es256Proof(ecKey(), claims, { jwk: key.publicJwk })],
    ['a malformed proof', 'ERR_DPOP_PROOF_MALFORMED', () => 'not.a-proof'],
  ])('a proof with %s is 401 %s', async (_name, reason, makeProof) => {
    const token = await bound();
    const key = await testKey(token);
    const answer = await dpopCall(token, [makeProof(key, proofClaims({ htu: url(), ath: ath(token.token) }))]);
    expect(answer.status).toBe(401);
    expect(lastReason()).toBe(reason);
  });

  it('two DPoP headers are 401 ERR_DPOP_PROOF_MULTIPLE; no DPoP header is 401 ERR_DPOP_PROOF_MISSING', async () => {
    const token = await bound();
    expect((await dpopCall(token, [await proofFor(token, url()), await proofFor(token, url())])).status).toBe(401);
    expect(lastReason()).toBe('ERR_DPOP_PROOF_MULTIPLE');
    expect((await dpopCall(token, [])).status).toBe(401);
    expect(lastReason()).toBe('ERR_DPOP_PROOF_MISSING');
  });

  it('an unbound token keeps working as Bearer and is refused with the DPoP scheme', async () => {
    const response = await fetch(stack.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('invoices-client:invoices-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token, token_type: tokenType } = (await response.json()) as { access_token: string; token_type: string };
    expect(tokenType).toBe('Bearer');
    expect((await rawCall(url(), [['Authorization', `Bearer ${token}`]])).status).toBe(200);
    expect((await rawCall(url(), [['Authorization', `DPoP ${token}`]])).status).toBe(401);
    expect(lastReason()).toBe('ERR_DPOP_TOKEN_UNBOUND');
  });
});

describe('a gateway that does not accept sender-constrained tokens (the default)', () => {
  let stack: LocalStack;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    stack = await startLocalStack({ accessLog: false, decisionLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  });
  afterAll(() => stack?.stop());

  it('refuses a DPoP-bound token whatever the scheme (401 ERR_BOUND_TOKEN_NOT_ACCEPTED), and challenges with Bearer only', async () => {
    const token = await dpopBoundToken(stack.tokenEndpoint, 'invoices-client', 'invoices-secret');
    const url = `${stack.gatewayUrl}${INVOICES}`;
    const asBearer = await rawCall(url, [['Authorization', `Bearer ${token.token}`]]);
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers['www-authenticate']).toBe('Bearer');
    expect(lines.at(-1)).toMatchObject({ component: 'authorizer', reason: 'ERR_BOUND_TOKEN_NOT_ACCEPTED' });
    const asDpop = await rawCall(url, [['Authorization', `DPoP ${token.token}`], ['DPoP', await proofFor(token, url)]]);
    expect(asDpop.status).toBe(401);
  });
});

describe('the gateway result cache and bound tokens', () => {
  it('a senderConstrained stack refuses a result cache TTL', async () => {
    await expect(startLocalStack({ senderConstrained: true, resultsCacheTtlSeconds: 60 })).rejects.toThrow(/resultsCacheTtlSeconds must be 0/);
  });

  it('with a result cache a replayed proof would be served from it: why senderConstrained turns the cache off', async () => {
    const stack = await startLocalStack({ senderConstrained: true, accessLog: false, decisionLog: () => undefined });
    const server = asServerFromEmbedded(stack.as!);
    const config = authorizerConfigFromEnv(
      authorizerConfigToEnv({ issuer: server.issuer, jwksUri: server.jwksUri, introspectionEndpoint: server.introspectionEndpoint, clientId: server.clientId, clientSecret: server.clientSecret, routes: EXAMPLE_ROUTES, senderConstrained: true, localMode: true }),
    );
    const cached = await startLocalGateway({
      port: 0,
      routes: EXAMPLE_ROUTES,
      services: exampleServices(server, 'accept-jwt', undefined, () => undefined),
      authorizer: createAuthorizerHandler(config, { logSink: () => undefined }),
      resultsCacheTtlSeconds: 60,
      accessLog: false,
    });
    try {
      const token = await dpopBoundToken(stack.tokenEndpoint, 'invoices-client', 'invoices-secret');
      const target = `${cached.url}${INVOICES}`;
      const proof = await proofFor(token, target);
      const headers: Array<[string, string]> = [['Authorization', `DPoP ${token.token}`], ['DPoP', proof]];
      expect((await rawCall(target, headers)).status).toBe(200);
      // The hazard: API Gateway answers from its cache without calling the authorizer, proof or no proof.
      expect((await rawCall(target, headers)).status).toBe(200);
      expect((await rawCall(target, [['Authorization', `DPoP ${token.token}`]])).status).toBe(200);
      // The stack as the construct configures it: no result cache, so the authorizer sees every proof.
      const stackUrl = `${stack.gatewayUrl}${INVOICES}`;
      const stackProof = await proofFor(token, stackUrl);
      const stackHeaders: Array<[string, string]> = [['Authorization', `DPoP ${token.token}`], ['DPoP', stackProof]];
      expect((await rawCall(stackUrl, stackHeaders)).status).toBe(200);
      expect((await rawCall(stackUrl, stackHeaders)).status).toBe(401);
      expect((await rawCall(stackUrl, [['Authorization', `DPoP ${token.token}`]])).status).toBe(401);
    } finally {
      await cached.stop();
      await stack.stop();
    }
  });
});

describe.each(EXCHANGE_MODES.filter((mode) => mode !== 'accept-jwt'))('the binding reaches the gateway in %s mode too', (exchangeMode) => {
  let stack: LocalStack;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    stack = await startLocalStack({ exchangeMode, senderConstrained: true, accessLog: false, decisionLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  });
  afterAll(() => stack?.stop());

  it('a fresh proof is 200; the proof again, or the token as Bearer, is 401', async () => {
    const token = await dpopBoundToken(stack.tokenEndpoint, 'invoices-client', 'invoices-secret');
    const url = `${stack.gatewayUrl}${INVOICES}`;
    const headers: Array<[string, string]> = [['Authorization', `DPoP ${token.token}`], ['DPoP', await proofFor(token, url)]];
    expect((await rawCall(url, headers)).status).toBe(200);
    expect((await rawCall(url, headers)).status).toBe(401);
    expect((await rawCall(url, [['Authorization', `Bearer ${token.token}`]])).status).toBe(401);
    expect(lines.filter((line) => line.component === 'authorizer').map((line) => line.reason)).toEqual(['OK', 'ERR_DPOP_PROOF_REPLAYED', 'ERR_BOUND_TOKEN_AS_BEARER']);
  });
});
