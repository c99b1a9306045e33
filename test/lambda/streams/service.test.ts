import { createStreamsHandler } from '../../../lambda/streams/service';
import { AUDIENCE, fixedClock, httpApiEvent, ISSUER, jwksOf, makeKey, mint, phantomClaims, restEvent, type TestKey } from '../validator/token-factory';
import type { ValidatorOptions } from '../../../lambda/validator';

let key: TestKey;
let options: ValidatorOptions;
beforeAll(async () => {
  key = await makeKey('EdDSA');
  options = { issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock(), logLevel: 'error' };
});

const token = (scope: string) => mint(key, { claims: phantomClaims({ scope, client_id: 'streams-client' }) });

function streamEvent(jwt: string, id: string, metadata = false) {
  const resource = metadata ? '/streams/{id}/metadata' : '/streams/{id}';
  return restEvent(jwt, { resource, path: resource.replace('{id}', id), httpMethod: 'GET', pathParameters: { id } });
}

describe('streams service', () => {
  it('GET /streams/{id} needs video_stream', async () => {
    const handler = createStreamsHandler(options);
    const ok = await handler(streamEvent(await token('video_stream'), 's-1'));
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ id: 's-1', manifestUrl: expect.stringContaining('s-1') });
    const denied = await handler(streamEvent(await token('video_metadata'), 's-1'));
    expect(denied.statusCode).toBe(403);
    expect(denied.headers?.['WWW-Authenticate']).toBe('Bearer error="insufficient_scope", scope="video_stream"');
  });

  it('GET /streams/{id}/metadata needs video_metadata', async () => {
    const handler = createStreamsHandler(options);
    const ok = await handler(streamEvent(await token('video_metadata'), 's-2', true));
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ id: 's-2', codec: 'h265' });
    expect(JSON.parse(ok.body)).not.toHaveProperty('manifestUrl');
    expect((await handler(streamEvent(await token('video_stream'), 's-2', true))).statusCode).toBe(403);
  });

  it('unknown ids are 404 on both routes', async () => {
    const handler = createStreamsHandler(options);
    const jwt = await token('video_stream video_metadata');
    expect((await handler(streamEvent(jwt, 's-404'))).statusCode).toBe(404);
    expect((await handler(streamEvent(jwt, 's-404', true))).statusCode).toBe(404);
  });

  it('serves HTTP API 2.0 events', async () => {
    const event = httpApiEvent(await token('video_stream'), { routeKey: 'GET /streams/{id}', rawPath: '/streams/s-1', pathParameters: { id: 's-1' } });
    expect((await createStreamsHandler(options)(event)).statusCode).toBe(200);
  });
});
