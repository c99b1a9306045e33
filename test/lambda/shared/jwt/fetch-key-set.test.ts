// One JWKS fetch, read: a key set, an answer that is not one (believed: no stale fallback), or no answer
// (network error, timeout, 5xx: the last good keys may still serve). Real loopback servers throughout.
import { fetchKeySet, parseJwks, type KeySetFetch } from '../../../../lambda/shared/jwt/fetch-key-set';
import { httpJwksFetcher, JWKS_MAX_BYTES } from '../../../../lambda/shared/jwt/jwks-fetcher';
import { codeOf, serveLoopback, type Loopback } from '../../validator/loopback-server';
import { jwksOf, makeKey, type TestKey } from '../../validator/token-factory';

let key: TestKey;
let server: Loopback | undefined;
beforeAll(async () => {
  key = await makeKey('ES256');
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function fetchAnswer(status: number, body: string): Promise<KeySetFetch> {
  server = await serveLoopback((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
  return fetchKeySet(server.url, 1000, httpJwksFetcher);
}

const failure = (outcome: KeySetFetch) => ('error' in outcome ? { code: outcome.error.code, jwks: outcome.error.detail.jwks, answered: outcome.answered } : 'keys');

describe('fetchKeySet', () => {
  it('reads a JWKS into a key set that selects by kid', async () => {
    const outcome = await fetchAnswer(200, JSON.stringify(jwksOf(key)));
    expect('keys' in outcome).toBe(true);
    const selected = await (outcome as { keys: (header: object) => Promise<unknown> }).keys({ alg: 'ES256', kid: key.kid });
    expect((selected as { type: string }).type).toBe('public');
  });

  it('accepts a byte order mark before the JSON', async () => {
    expect(failure(await fetchAnswer(200, `\ufeff${JSON.stringify(jwksOf(key))}`))).toBe('keys');
  });

  it('reads a 5xx as no answer and a 4xx or 3xx as an answer, both ERR_AS_UNAVAILABLE (503)', async () => {
    expect(failure(await fetchAnswer(503, 'down'))).toEqual({ code: 'ERR_AS_UNAVAILABLE', jwks: 'status', answered: false });
    await server!.stop();
    expect(failure(await fetchAnswer(404, 'nope'))).toEqual({ code: 'ERR_AS_UNAVAILABLE', jwks: 'status', answered: true });
    await server!.stop();
    expect(failure(await fetchAnswer(301, ''))).toEqual({ code: 'ERR_AS_UNAVAILABLE', jwks: 'status', answered: true });
  });

  it('reads a body that is not JSON, or not a key set, as an answer', async () => {
    expect(failure(await fetchAnswer(200, '<html>'))).toEqual({ code: 'ERR_AS_UNAVAILABLE', jwks: 'invalid', answered: true });
    for (const body of ['[1]', '{"keys":{}}', '{"keys":[1]}', 'null', '{}']) {
      await server!.stop();
      expect(failure(await fetchAnswer(200, body))).toEqual({ code: 'ERR_AS_RESPONSE_INVALID', jwks: 'invalid', answered: true });
    }
  });

  it('reads an oversized body as an invalid answer', async () => {
    expect(failure(await fetchAnswer(200, JSON.stringify({ keys: [], pad: 'x'.repeat(JWKS_MAX_BYTES) })))).toEqual({ code: 'ERR_AS_RESPONSE_INVALID', jwks: 'invalid', answered: true });
  });

  it('reads a timeout and a refused connection as no answer', async () => {
    server = await serveLoopback(() => undefined);
    expect(failure(await fetchKeySet(server.url, 100, httpJwksFetcher))).toEqual({ code: 'ERR_AS_UNAVAILABLE', jwks: 'timeout', answered: false });
    const { url } = server;
    await server.stop();
    server = undefined;
    const refused = await fetchKeySet(url, 1000, httpJwksFetcher);
    expect(failure(refused)).toEqual({ code: 'ERR_AS_UNAVAILABLE', jwks: 'unreachable', answered: false });
    expect(((refused as { error: Error }).error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});

describe('parseJwks', () => {
  it('refuses what is not a JWKS object with a keys array of objects', async () => {
    expect(parseJwks('{"keys":[{"kty":"EC"}]}')).toEqual({ keys: [{ kty: 'EC' }] });
    expect(await codeOf(Promise.resolve().then(() => parseJwks('{"keys":[[]]}')))).toBe('ERR_AS_RESPONSE_INVALID');
    expect(await codeOf(Promise.resolve().then(() => parseJwks('"keys"')))).toBe('ERR_AS_RESPONSE_INVALID');
  });
});
