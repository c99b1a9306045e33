import fc from 'fast-check';
import { evaluatePolicy, iamPatternMatches } from '../../../local/gateway/policy-evaluation';
import { LOCAL_API_IDENTITY, methodArn } from '../../../local/gateway/method-arn';

const ARN_PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:local/local';
const policy = (...Statement: Array<Record<string, unknown>>) => ({ Version: '2012-10-17', Statement }) as never;
const allow = (Resource: string | string[], Action: string | string[] = 'execute-api:Invoke') => ({ Effect: 'Allow', Action, Resource });
const deny = (Resource: string | string[]) => ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource });

describe('methodArn', () => {
  it('builds the ARN API Gateway passes for a concrete path', () => {
    expect(methodArn(LOCAL_API_IDENTITY, 'GET', '/invoices/inv-1001')).toBe(`${ARN_PREFIX}/GET/invoices/inv-1001`);
    expect(methodArn(LOCAL_API_IDENTITY, 'POST', '/')).toBe(`${ARN_PREFIX}/POST/`);
  });
});

describe('evaluatePolicy', () => {
  const arn = `${ARN_PREFIX}/GET/invoices/inv-1001`;

  it('allows an exact or wildcard Allow', () => {
    expect(evaluatePolicy(policy(allow(arn)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/invoices/*`)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/*/*`)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/invoices/inv-100?`)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow([`${ARN_PREFIX}/POST/*`, arn])), arn)).toBe('allow');
  });

  it('lets an explicit Deny win over any Allow, in any order', () => {
    expect(evaluatePolicy(policy(allow('*'), deny(arn)), arn)).toBe('explicit-deny');
    expect(evaluatePolicy(policy(deny(`${ARN_PREFIX}/GET/invoices/*`), allow(arn)), arn)).toBe('explicit-deny');
  });

  it('denies implicitly when no Allow matches the method ARN', () => {
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/streams/*`)), arn)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/POST/invoices/inv-1001`)), arn)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/invoices/inv-100?`)), `${ARN_PREFIX}/GET/invoices/inv-10011`)).toBe('implicit-deny');
  });

  it('ignores statements for other actions and honours NotResource', () => {
    expect(evaluatePolicy(policy(allow(arn, 's3:GetObject')), arn)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(arn, 'execute-api:*')), arn)).toBe('allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: `${ARN_PREFIX}/GET/streams/*` }), arn)).toBe('allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: `${ARN_PREFIX}/GET/*` }), arn)).toBe('implicit-deny');
  });

  it('treats every character but * and ? literally', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const literal = text.replace(/[*?]/g, '');
        expect(iamPatternMatches(literal, literal)).toBe(true);
        expect(iamPatternMatches(literal, `${literal}x`)).toBe(false);
        expect(iamPatternMatches(`${literal}*`, `${literal}/any/thing`)).toBe(true);
      }),
    );
  });
});
