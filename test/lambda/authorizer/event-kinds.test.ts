// The answers for each event kind: REST REQUEST and TOKEN get a policy over the route table, HTTP API
// gets a simple answer; refusals and failures are thrown the way API Gateway expects.
import type { APIGatewayAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { AuthorizerFailure, createAuthorizerHandler, handler, type AuthorizerEvent } from '../../../lambda/authorizer';
import { policyAllows, type PolicyStatement } from '../../../lambda/shared/iam-match';
import { authorizerConfigToEnv } from '../../../lambda/shared/config';
import { AUTHORIZER_CONTEXT } from '../../../lambda/shared/env-names';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { tokenHash } from '../../../lambda/shared/token-hash';
import { restRequestEvent, testConfig } from './helpers/config';
import { harness, outcomeOf } from './helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from './helpers/scripted-as';

let as: ScriptedAs;
let jwt: string;
beforeAll(async () => {
  as = await startScriptedAs();
  jwt = await as.mint({ sub: 'user-1', client_id: 'invoices-client', scp: ['invoice_read'], aud: 'https://api.example.com' });
  as.respond = () => jwtAnswer(jwt);
});
afterAll(() => as.stop());

const ARN_BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';

describe('REST REQUEST', () => {
  it('answers a policy covering the route table, with string-only context', async () => {
    const h = harness(testConfig({ issuer: as.issuer }));
    const result = (await h.handler(restRequestEvent('Bearer tok', 'GET', '/invoices/{id}', '/invoices/inv-1'))) as APIGatewayAuthorizerResult;
    expect(result.principalId).toBe('user-1');
    expect(result.context).toEqual({
      [AUTHORIZER_CONTEXT.jwt]: jwt,
      [AUTHORIZER_CONTEXT.authorization]: `Bearer ${jwt}`,
      [AUTHORIZER_CONTEXT.sub]: 'user-1',
      [AUTHORIZER_CONTEXT.clientId]: 'invoices-client',
      [AUTHORIZER_CONTEXT.scope]: 'invoice_read',
      [AUTHORIZER_CONTEXT.tokenHash]: tokenHash('tok'),
    });
    for (const value of Object.values(result.context!)) expect(['string', 'number', 'boolean']).toContain(typeof value);
    const statements = result.policyDocument.Statement as unknown as PolicyStatement[];
    expect(policyAllows(statements, `${ARN_BASE}/GET/invoices/inv-1`)).toBe(true);
    expect(policyAllows(statements, `${ARN_BASE}/GET/streams/s1`)).toBe(false);
    expect(h.decisions()[0]).toMatchObject({ component: 'authorizer', outcome: 'allow', reason: 'OK', route: 'GET /invoices/{id}', requestId: 'req-1' });
  });

  it.each([
    ['no header', undefined],
    ['wrong scheme', 'Basic abc'],
    ['two tokens', 'Bearer a b'],
    ['two headers', ['Bearer a', 'Bearer b']],
    ['empty', ''],
    ['oversized', `Bearer ${'a'.repeat(9000)}`],
    ['non-ASCII', 'Bearer tökén'],
  ])('throws Unauthorized for %s, without calling the AS', async (_name, header) => {
    const before = as.requests.length;
    const h = harness(testConfig({ issuer: as.issuer }));
    expect(await outcomeOf(h.handler(restRequestEvent(header as string | string[] | undefined)))).toBe('Unauthorized');
    expect(as.requests.length).toBe(before);
    expect(h.decisions()[0].outcome).toBe('unauthorized');
  });

  it('throws an AuthorizerFailure for an event it does not understand', async () => {
    const h = harness(testConfig({ issuer: as.issuer }));
    const error = await h.handler({ type: 'SOMETHING' } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthorizerFailure);
    expect((error as AuthorizerFailure).code).toBe('ERR_CONFIG');
    expect(h.decisions()[0]).toMatchObject({ outcome: 'error', reason: 'ERR_CONFIG' });
  });

  it('uses the client id as principal when the JWT has no sub', async () => {
    const noSub = await as.mint({ client_id: 'm2m', scope: 'invoice_read' });
    as.respond = () => jwtAnswer(noSub);
    try {
      const result = (await harness(testConfig({ issuer: as.issuer })).handler(restRequestEvent('Bearer m2m'))) as APIGatewayAuthorizerResult;
      expect(result.principalId).toBe('m2m');
      expect(result.context?.sub).toBeUndefined();
    } finally {
      as.respond = () => jwtAnswer(jwt);
    }
  });

  it('uses the client id as principal when the JWT has an empty sub (an empty principal names no one)', async () => {
    const emptySub = await as.mint({ sub: '', client_id: 'm2m', scope: 'invoice_read' });
    as.respond = () => jwtAnswer(emptySub);
    try {
      const result = (await harness(testConfig({ issuer: as.issuer })).handler(restRequestEvent('Bearer m2m-empty'))) as APIGatewayAuthorizerResult;
      expect(result.principalId).toBe('m2m');
    } finally {
      as.respond = () => jwtAnswer(jwt);
    }
  });
});

describe('REST TOKEN', () => {
  it('matches the concrete path from the method ARN', async () => {
    const h = harness(testConfig({ issuer: as.issuer }));
    const allowed = (await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: `${ARN_BASE}/GET/invoices/inv-7` })) as APIGatewayAuthorizerResult;
    expect(policyAllows(allowed.policyDocument.Statement as unknown as PolicyStatement[], `${ARN_BASE}/GET/invoices/inv-7`)).toBe(true);
    const denied = (await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: `${ARN_BASE}/GET/streams/s1/metadata` })) as APIGatewayAuthorizerResult;
    expect(policyAllows(denied.policyDocument.Statement as unknown as PolicyStatement[], `${ARN_BASE}/GET/streams/s1/metadata`)).toBe(false);
    expect(h.decisions().map((line) => line.reason)).toEqual(['OK', 'ERR_SCOPE_INSUFFICIENT']);
    expect(await outcomeOf(h.handler({ type: 'TOKEN', authorizationToken: 'bad token', methodArn: `${ARN_BASE}/GET/invoices` }))).toBe('Unauthorized');
  });
});

describe('HTTP API 2.0 (simple responses)', () => {
  const event = (routeKey: string, authorization?: string) => ({
    version: '2.0' as const,
    type: 'REQUEST' as const,
    routeArn: `arn:aws:execute-api:us-east-1:123456789012:api2/$default/${routeKey.replace(' ', '')}`,
    identitySource: authorization ? [authorization] : [],
    routeKey,
    rawPath: routeKey.split(' ')[1],
    rawQueryString: '',
    headers: authorization ? { authorization } : {},
    requestContext: { requestId: 'h1', http: { method: routeKey.split(' ')[0] } } as never,
  }) as unknown as AuthorizerEvent;

  it('answers isAuthorized with the same context', async () => {
    const h = harness(testConfig({ issuer: as.issuer }));
    const allowed = (await h.handler(event('GET /invoices', 'Bearer tok'))) as APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;
    expect(allowed).toEqual({ isAuthorized: true, context: expect.objectContaining({ jwt, sub: 'user-1', scope: 'invoice_read' }) });
    const denied = (await h.handler(event('GET /streams/{id}', 'Bearer tok'))) as APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;
    expect(denied.isAuthorized).toBe(false);
    expect(await outcomeOf(h.handler(event('GET /invoices')))).toBe('Unauthorized');
  });
});

describe('handler (configured from the environment)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the configuration once on the first call', async () => {
    Object.assign(
      process.env,
      authorizerConfigToEnv({ issuer: as.issuer, clientId: 'gateway-client', clientSecret: 'gateway-secret', routes: EXAMPLE_ROUTES, localMode: true, logLevel: 'error' }),
    );
    const result = (await handler(restRequestEvent('Bearer env-tok'), { awsRequestId: 'aws-1' })) as APIGatewayAuthorizerResult;
    expect(result.context?.jwt).toBe(jwt);
    process.env.PHANTOM_ISSUER = 'not even a url';
    await expect(handler(restRequestEvent('Bearer env-tok'))).resolves.toBeDefined();
  });

  it('createAuthorizerHandler works with no deps at all', async () => {
    const plain = createAuthorizerHandler(testConfig({ issuer: as.issuer, logLevel: 'error' }));
    expect(((await plain(restRequestEvent('Bearer plain'))) as APIGatewayAuthorizerResult).context?.jwt).toBe(jwt);
  });
});
