import { evaluateRules } from '../../../lambda/validator/evaluate-rules';
import { endpointRulesProblems, type EndpointRules } from '../../../lambda/validator/endpoint-rules';
import { VerifiedJwt, type JwtClaims } from '../../../lambda/validator/claims';
import type { ApiRequest } from '../../../lambda/validator/api-event';
import { AccessDeniedError } from '../../../lambda/shared/errors';
import { phantomClaims } from './token-factory';

function jwtWith(overrides: Record<string, unknown>): VerifiedJwt {
  return new VerifiedJwt('h.p.s', { alg: 'ES256' }, phantomClaims(overrides) as JwtClaims, 'f'.repeat(64));
}

function request(pathParameters: Record<string, string> = {}): ApiRequest {
  return { method: 'GET', route: '/subscribers/{subscriberId}', path: '/x', pathParameters, queryParameters: {}, headers: {} };
}

async function outcome(rules: EndpointRules, jwt: VerifiedJwt, req = request()): Promise<string> {
  try {
    await evaluateRules(rules, jwt, req);
    return 'allow';
  } catch (error) {
    return (error as AccessDeniedError).code;
  }
}

describe('scope rules (any-of / all-of)', () => {
  const table: Array<[string, EndpointRules['scopes'], string, string]> = [
    ['anyOf, one granted', { anyOf: ['invoice_read', 'invoice_admin'] }, 'invoice_read', 'allow'],
    ['anyOf, none granted', { anyOf: ['invoice_read', 'invoice_admin'] }, 'video_stream', 'ERR_SCOPE_INSUFFICIENT'],
    ['allOf, all granted', { allOf: ['invoice_read', 'invoice_write'] }, 'invoice_write invoice_read', 'allow'],
    ['allOf, one missing', { allOf: ['invoice_read', 'invoice_write'] }, 'invoice_read', 'ERR_SCOPE_INSUFFICIENT'],
    ['allOf and anyOf, both hold', { allOf: ['invoice_read'], anyOf: ['video_stream', 'video_metadata'] }, 'invoice_read video_metadata', 'allow'],
    ['allOf holds, anyOf does not', { allOf: ['invoice_read'], anyOf: ['video_stream'] }, 'invoice_read', 'ERR_SCOPE_INSUFFICIENT'],
    ['family wildcard', { anyOf: ['invoice_*'] }, 'invoice_write', 'allow'],
    ['family wildcard, other family', { anyOf: ['invoice_*'] }, 'video_stream', 'ERR_SCOPE_INSUFFICIENT'],
    ['no scopes granted', { anyOf: ['invoice_read'] }, '', 'ERR_SCOPE_INSUFFICIENT'],
    ['a prefix is not a match', { anyOf: ['invoice_read'] }, 'invoice_reader', 'ERR_SCOPE_INSUFFICIENT'],
  ];
  it.each(table)('%s', async (_name, scopes, granted, expected) => {
    expect(await outcome({ scopes }, jwtWith({ scope: granted }))).toBe(expected);
  });

  it('reads scp arrays too', async () => {
    expect(await outcome({ scopes: { allOf: ['a', 'b'] } }, jwtWith({ scope: undefined, scp: ['a', 'b'] }))).toBe('allow');
  });

  it('names the scope needed', async () => {
    const error = await evaluateRules({ scopes: { allOf: ['invoice_write'] } }, jwtWith({ scope: 'invoice_read' }), request()).catch((e) => e);
    expect(error).toMatchObject({ code: 'ERR_SCOPE_INSUFFICIENT', detail: { required: 'invoice_write' } });
  });

  it('names scopes that together suffice: every allOf scope and the first anyOf one (RFC 6750 §3)', async () => {
    const anyOf = await evaluateRules({ scopes: { anyOf: ['order_read', 'order_admin'] } }, jwtWith({ scope: 'video_stream' }), request()).catch((e) => e);
    expect(anyOf).toMatchObject({ code: 'ERR_SCOPE_INSUFFICIENT', detail: { required: 'order_read' } });
    const both = await evaluateRules({ scopes: { allOf: ['a', 'b'], anyOf: ['c', 'd'] } }, jwtWith({ scope: 'video_stream' }), request()).catch((e) => e);
    expect(both.detail.required).toBe('a b c');
  });
});

describe('claim rules', () => {
  const owner = { claim: 'subscriber_id', equalsPathParameter: 'subscriberId' };
  it('subscriber_id equals the path parameter', async () => {
    expect(await outcome({ claims: [owner] }, jwtWith({}), request({ subscriberId: 'sub-1001' }))).toBe('allow');
  });
  it('refuses another subscriber', async () => {
    expect(await outcome({ claims: [owner] }, jwtWith({}), request({ subscriberId: 'sub-2002' }))).toBe('ERR_CLAIM_MISMATCH');
  });
  it('refuses when the path parameter or the claim is missing, or the claim is not a scalar', async () => {
    expect(await outcome({ claims: [owner] }, jwtWith({}), request())).toBe('ERR_CLAIM_MISMATCH');
    expect(await outcome({ claims: [owner] }, jwtWith({ subscriber_id: undefined }), request({ subscriberId: 'sub-1001' }))).toBe('ERR_CLAIM_MISMATCH');
    expect(await outcome({ claims: [owner] }, jwtWith({ subscriber_id: ['sub-1001'] }), request({ subscriberId: 'sub-1001' }))).toBe('ERR_CLAIM_MISMATCH');
  });
  it('cost_center is one of a list', async () => {
    const rule = { claims: [{ claim: 'cost_center', oneOf: ['cc-1', 'cc-2'] }] };
    expect(await outcome(rule, jwtWith({ cost_center: 'cc-2' }))).toBe('allow');
    expect(await outcome(rule, jwtWith({ cost_center: 'cc-3' }))).toBe('ERR_CLAIM_MISMATCH');
  });
  it('numbers and booleans compare by value', async () => {
    expect(await outcome({ claims: [{ claim: 'tier', oneOf: [1, 2] }] }, jwtWith({ tier: 2 }))).toBe('allow');
    expect(await outcome({ claims: [{ claim: 'tier', oneOf: [1, 2] }] }, jwtWith({ tier: '2' }))).toBe('ERR_CLAIM_MISMATCH');
    expect(await outcome({ claims: [{ claim: 'verified', oneOf: [true] }] }, jwtWith({ verified: true }))).toBe('allow');
  });
});

describe('policy hook', () => {
  it('narrows: a rule allows, the hook refuses', async () => {
    expect(await outcome({ scopes: { anyOf: ['invoice_read'] }, policy: () => false }, jwtWith({}))).toBe('ERR_POLICY_DENIED');
  });
  it('never widens: the hook allowing does not rescue a failed scope rule, and it is not even asked', async () => {
    const policy = jest.fn(() => true);
    expect(await outcome({ scopes: { anyOf: ['admin'] }, policy }, jwtWith({}))).toBe('ERR_SCOPE_INSUFFICIENT');
    expect(policy).not.toHaveBeenCalled();
  });
  it('only exactly true allows', async () => {
    expect(await outcome({ policy: () => 'yes' as unknown as boolean }, jwtWith({}))).toBe('ERR_POLICY_DENIED');
    expect(await outcome({ policy: async () => true }, jwtWith({}))).toBe('allow');
  });
  it('sees the claims and the request', async () => {
    const policy = jest.fn(({ claims, request: req }) => claims.sub === 'user-1001' && req.method === 'GET');
    expect(await outcome({ policy }, jwtWith({}))).toBe('allow');
  });
  it('fails closed when the hook throws, keeping a 403 the hook raised itself', async () => {
    const failing = await evaluateRules({ policy: () => { throw new Error('OPA unreachable'); } }, jwtWith({}), request()).catch((e) => e);
    expect(failing).toMatchObject({ code: 'ERR_POLICY_DENIED', detail: { failed: true } });
    const own = new AccessDeniedError('ERR_CLAIM_MISMATCH', 'mine');
    await expect(evaluateRules({ policy: () => { throw own; } }, jwtWith({}), request())).rejects.toBe(own);
  });
});

describe('endpointRulesProblems', () => {
  it('accepts usable rules', () => {
    expect(endpointRulesProblems({ scopes: { anyOf: ['invoice_*'] }, claims: [{ claim: 'a', oneOf: ['x'] }] })).toEqual([]);
  });
  it('names every problem', () => {
    const problems = endpointRulesProblems({
      scopes: { anyOf: ['*'] },
      claims: [{ claim: '', oneOf: [] }, { claim: 'b', equalsPathParameter: '' }],
      policy: 'nope' as never,
    });
    expect(problems).toHaveLength(5);
  });
});
