// The default JWKS fetcher against real loopback servers: what counts as an answer (any status, redirects
// included, never followed), and what does not (timeout, refused connection), and the size cap.
import { httpJwksFetcher, JWKS_ACCEPT, JWKS_MAX_BYTES } from '../../../../lambda/shared/jwt/jwks-fetcher';
import { codeOf, jwksFailureOf, serveLoopback as serve, type Loopback } from '../../validator/loopback-server';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('httpJwksFetcher', () => {
  it('GETs the URL asking for JSON and resolves with the status and the body', async () => {
    server = await serve((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}'));
    await expect(httpJwksFetcher(server.url, 1000)).resolves.toEqual({ status: 200, body: '{"keys":[]}' });
    expect(server.paths).toEqual(['/jwks']);
    expect(server.headers[0].accept).toBe(JWKS_ACCEPT);
  });

  it('resolves with a 5xx or 4xx as an answer', async () => {
    server = await serve((_request, response) => response.writeHead(503).end('down'));
    await expect(httpJwksFetcher(server.url, 1000)).resolves.toEqual({ status: 503, body: 'down' });
  });

  it('does not follow a redirect', async () => {
    server = await serve((request, response) => {
      if (request.url === '/jwks') response.writeHead(302, { location: '/elsewhere' }).end();
      else response.writeHead(200).end('{"keys":[]}');
    });
    await expect(httpJwksFetcher(server.url, 1000)).resolves.toMatchObject({ status: 302 });
    expect(server.paths).toEqual(['/jwks']);
  });

  it('times out when the server does not answer, and when the body stalls', async () => {
    server = await serve(() => undefined);
    expect(await jwksFailureOf(httpJwksFetcher(server.url, 150))).toBe('ERR_AS_UNAVAILABLE timeout');
    await server.stop();
    server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":');
    });
    expect(await jwksFailureOf(httpJwksFetcher(server.url, 150))).toBe('ERR_AS_UNAVAILABLE timeout');
  });

  it('refuses a body over the size cap as an invalid key set', async () => {
    server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(' '.repeat(JWKS_MAX_BYTES + 1));
    });
    expect(await jwksFailureOf(httpJwksFetcher(server.url, 1000))).toBe('ERR_AS_RESPONSE_INVALID invalid');
  });

  it('rejects with the network error when nothing listens', async () => {
    server = await serve(() => undefined);
    const { url } = server;
    await server.stop();
    server = undefined;
    expect(await codeOf(httpJwksFetcher(url, 1000))).toBe('ECONNREFUSED');
  });

  it('rejects a URL that is not http(s)', async () => {
    await expect(httpJwksFetcher('file:///etc/passwd', 1000)).rejects.toThrow(TypeError);
  });

  it('rejects when the connection drops mid-body', async () => {
    server = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"keys":');
      setTimeout(() => request.socket.destroy(), 20);
    });
    expect(await codeOf(httpJwksFetcher(server.url, 1000))).toBe('ECONNRESET');
  });
});
