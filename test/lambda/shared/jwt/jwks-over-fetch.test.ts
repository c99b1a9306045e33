// The authorizer's JWKS fetcher over its injected fetch (here the global one, against a real loopback
// server): an answer of any status, no redirect followed, and a timeout as jose's JWKSTimeout.
import { jwksFetcherOver } from '../../../../lambda/shared/jwt/jwks-over-fetch';
import { jwksFailureOf, serveLoopback, type Loopback } from '../../validator/loopback-server';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('jwksFetcherOver', () => {
  it('resolves with the status and body of any answer, redirects not followed', async () => {
    server = await serveLoopback((request, response) => {
      if (request.url === '/jwks') response.writeHead(302, { location: '/elsewhere' }).end();
      else response.writeHead(200).end('{"keys":[]}');
    });
    await expect(jwksFetcherOver(fetch)(server.url, 1000)).resolves.toMatchObject({ status: 302 });
    await expect(jwksFetcherOver(fetch)(server.url.replace('/jwks', '/ok'), 1000)).resolves.toEqual({ status: 200, body: '{"keys":[]}' });
    expect(server.paths).toEqual(['/jwks', '/ok']);
  });

  it('turns a timeout, headers or body, into ERR_AS_UNAVAILABLE (timeout)', async () => {
    server = await serveLoopback(() => undefined);
    expect(await jwksFailureOf(jwksFetcherOver(fetch)(server.url, 100))).toBe('ERR_AS_UNAVAILABLE timeout');
    await server.stop();
    server = await serveLoopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":');
    });
    expect(await jwksFailureOf(jwksFetcherOver(fetch)(server.url, 100))).toBe('ERR_AS_UNAVAILABLE timeout');
  });

  it('passes a network failure on as it is', async () => {
    server = await serveLoopback(() => undefined);
    const { url } = server;
    await server.stop();
    server = undefined;
    await expect(jwksFetcherOver(fetch)(url, 1000)).rejects.toMatchObject({ name: 'TypeError' });
  });
});

describe('jwksFetcherOver size cap', () => {
  const CHUNK = new Uint8Array(64 * 1024).fill(0x61);
  const LIMIT = 256 * 1024;

  it('stops reading past 256 KiB and rejects with ERR_AS_RESPONSE_INVALID (as the node:http fetcher does)', async () => {
    let pulled = 0;
    const endless = (async (_input: unknown, init?: RequestInit) =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (init?.signal?.aborted) return controller.error(init.signal.reason);
            await new Promise((resolve) => setImmediate(resolve));
            pulled += CHUNK.length;
            controller.enqueue(CHUNK);
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      )) as typeof fetch;
    const outcome = await jwksFetcherOver(endless)('https://as.example.com/jwks', 1500).then(
      () => 'resolved',
      (error: { code?: string; detail?: { jwks?: string } }) => `${error.code} ${error.detail?.jwks}`,
    );
    expect(outcome).toBe('ERR_AS_RESPONSE_INVALID invalid');
    expect(pulled).toBeLessThanOrEqual(LIMIT + 2 * CHUNK.length);
  });
});
