import fc from 'fast-check';
import { normalizeEvent, splitMethodArn } from '../../../../lambda/authorizer/events/normalize';
import type { AuthorizerEvent } from '../../../../lambda/authorizer/types';
import { ConfigError } from '../../../../lambda/shared/errors';
import { restRequestEvent } from '../helpers/config';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/invoices/inv-1';

describe('normalizeEvent', () => {
  it('reads a REST REQUEST event: template path, every Authorization value, request id', () => {
    const event = restRequestEvent(['Bearer a', 'Bearer b'], 'GET', '/invoices/{id}', '/invoices/inv-1');
    const request = normalizeEvent(event as AuthorizerEvent);
    // What a bound token is checked against (sender-constraint/request-evidence.ts), read on demand.
    expect(request.sender?.()).toEqual({ dpop: [], method: 'GET', fullPath: '/invoices/inv-1', apiPath: '/invoices/inv-1' });
    expect(request).toEqual({
      kind: 'rest-request',
      authorization: ['Bearer a', 'Bearer b'],
      method: 'GET',
      path: '/invoices/{id}',
      routeBy: 'template',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/invoices/inv-1',
      requestId: 'req-1',
      sender: expect.any(Function),
    });
  });

  it('finds the header whatever its case, in headers when multiValueHeaders is absent', () => {
    const event = { ...restRequestEvent(undefined), headers: { authorization: 'Bearer x' }, multiValueHeaders: null };
    expect(normalizeEvent(event as unknown as AuthorizerEvent).authorization).toEqual(['Bearer x']);
    const none = { ...restRequestEvent(undefined), headers: null, multiValueHeaders: null };
    expect(normalizeEvent(none as unknown as AuthorizerEvent).authorization).toEqual([]);
  });

  it('reads only own header names, and every value of a repeated header', () => {
    const headers = Object.assign(Object.create({ authorization: 'Bearer inherited' }), { AUTHORIZATION: ['Bearer a', 'Bearer b'], Authorisation: 'x' });
    const event = { ...restRequestEvent(undefined), headers: { 'x-authorization': 'no' }, multiValueHeaders: headers };
    expect(normalizeEvent(event as unknown as AuthorizerEvent).authorization).toEqual(['Bearer a', 'Bearer b']);
  });

  it('falls back to the method ARN when a REQUEST event lacks method and resource', () => {
    const event = { type: 'REQUEST', methodArn: ARN, headers: {}, requestContext: {} };
    const request = normalizeEvent(event as unknown as AuthorizerEvent);
    expect([request.method, request.path, request.routeBy]).toEqual(['GET', '/invoices/inv-1', 'concrete']);
  });

  it('reads a TOKEN event from its method ARN (concrete path)', () => {
    const request = normalizeEvent({ type: 'TOKEN', authorizationToken: 'Bearer t', methodArn: ARN });
    expect(request).toEqual({ kind: 'rest-token', authorization: ['Bearer t'], method: 'GET', path: '/invoices/inv-1', routeBy: 'concrete', methodArn: ARN });
    expect(normalizeEvent({ type: 'TOKEN', methodArn: ARN } as never).authorization).toEqual([]);
  });

  it('reads an HTTP API 2.0 event: route key template, lower-case headers', () => {
    const event = {
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api2/$default/GET/invoices/inv-1',
      identitySource: ['Bearer t'],
      routeKey: 'GET /invoices/{id}',
      rawPath: '/invoices/inv-1',
      headers: { authorization: 'Bearer t' },
      requestContext: { requestId: 'r2', http: { method: 'GET' } },
    };
    const request = normalizeEvent(event as unknown as AuthorizerEvent);
    expect(request.sender?.()).toEqual({ dpop: [], method: 'GET', fullPath: '/invoices/inv-1', apiPath: '/invoices/inv-1' });
    expect(request).toEqual({
      kind: 'http-v2',
      authorization: ['Bearer t'],
      method: 'GET',
      path: '/invoices/{id}',
      routeBy: 'template',
      methodArn: event.routeArn,
      requestId: 'r2',
      sender: expect.any(Function),
    });
  });

  it('names no route for the $default route (API Gateway reuses its cached answer for every path)', () => {
    const event = { version: '2.0', type: 'REQUEST', routeArn: 'arn:x/y/POST/invoices', routeKey: '$default', rawPath: '/invoices', headers: {}, requestContext: { http: { method: 'POST' } } };
    const request = normalizeEvent(event as unknown as AuthorizerEvent);
    expect([request.method, request.path, request.authorization, request.routeBy]).toEqual(['POST', '/invoices', [], 'none']);
  });

  it('rejects anything that is not an authorizer event with a ConfigError', () => {
    for (const event of [{}, null, { type: 'OTHER' }]) {
      expect(() => normalizeEvent(event as never)).toThrow(ConfigError);
    }
  });
});

describe('splitMethodArn', () => {
  it('splits base, method and path', () => {
    expect(splitMethodArn(ARN)).toEqual({ base: 'arn:aws:execute-api:us-east-1:123456789012:api1/prod', method: 'GET', path: '/invoices/inv-1' });
    expect(splitMethodArn('arn:a/s/GET/').path).toBe('/');
  });

  it('splits exactly as splitting on every "/" would (property)', () => {
    const bySplitting = (arn: string) => {
      const parts = arn.split('/');
      return parts.length < 3 ? 'ERR_CONFIG' : { base: `${parts[0]}/${parts[1]}`, method: parts[2], path: `/${parts.slice(3).join('/')}` };
    };
    const split = (arn: string) => {
      try {
        return splitMethodArn(arn);
      } catch (error) {
        return (error as ConfigError).code;
      }
    };
    const arns = fc.array(fc.constantFrom('/', 'a', 'GET', ':', '{id}', ''), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.oneof(arns, fc.string()), (arn) => expect(split(arn)).toEqual(bySplitting(arn))), { numRuns: 2000 });
  });

  it('rejects a string that is not a method ARN', () => {
    try {
      splitMethodArn('nope');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).code).toBe('ERR_CONFIG');
    }
  });
});
