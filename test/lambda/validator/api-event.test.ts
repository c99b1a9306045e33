import { apiRequest, isHttpApiEvent } from '../../../lambda/validator/api-event';
import { eventRouteKey } from '../../../lambda/validator/route-table';
import { httpApiEvent, restEvent } from './token-factory';

describe('apiRequest', () => {
  it('reads a REST (v1) event: route template, lower-cased headers, base64 body', () => {
    const request = apiRequest(
      restEvent('a.b.c', {
        headers: { 'X-Trace': 'abc', Skipped: undefined as unknown as string },
        queryStringParameters: { limit: '10' },
        body: Buffer.from('{"amount":1}').toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(request).toEqual({
      method: 'GET',
      route: '/invoices/{id}',
      path: '/invoices/inv-1001',
      pathParameters: { id: 'inv-1001' },
      queryParameters: { limit: '10' },
      headers: { 'x-trace': 'abc' },
      body: '{"amount":1}',
    });
  });

  it('reads an HTTP API (v2) event, including the $default route', () => {
    const event = httpApiEvent('a.b.c', { headers: { 'content-type': 'application/json' }, body: 'x' });
    expect(isHttpApiEvent(event)).toBe(true);
    expect(apiRequest(event)).toMatchObject({ method: 'GET', route: '/invoices/{id}', headers: { 'content-type': 'application/json' }, body: 'x' });
    const fallback = httpApiEvent('a.b.c', { routeKey: '$default', rawPath: '/anything', pathParameters: undefined, headers: undefined as never });
    expect(apiRequest(fallback)).toMatchObject({ route: '/anything', path: '/anything', pathParameters: {}, headers: {}, queryParameters: {} });
    expect(eventRouteKey(fallback)).toBe('$default');
  });

  it('tolerates missing maps in a v1 event', () => {
    const request = apiRequest(restEvent(undefined, { headers: null as never, pathParameters: null, resource: undefined as never }));
    expect(request).toMatchObject({ route: '/invoices/inv-1001', headers: {}, pathParameters: {}, body: undefined });
    expect(eventRouteKey(restEvent(undefined))).toBe('GET /invoices/{id}');
  });
});
