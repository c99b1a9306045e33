// How a JWKS document is fetched: a small injectable interface (the authorizer passes its own fetch, tests
// their servers) and the default, on node:http(s). Node's global fetch would load undici, about 40 ms of a
// service's cold start, for a request made once per ten minutes; node:http(s) is loaded only when the
// first fetch happens, so requiring a service costs nothing for it either.
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { UpstreamError } from '../errors';

export interface JwksResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * GETs `url`, giving up after `timeoutMs`. Resolves with whatever the server answered (redirects are
 * answers, never followed: a JWKS is trusted for its URL). Rejects when no answer came: with
 * `jwksTimeout()` on timeout, with the network error otherwise; a body over JWKS_MAX_BYTES rejects with
 * `tooLarge()` (an answer, but not a key set).
 */
export type JwksFetcher = (url: string, timeoutMs: number) => Promise<JwksResponse>;

/** Real key sets are a few KiB; the cap keeps a misbehaving endpoint from filling the Lambda's memory. */
export const JWKS_MAX_BYTES = 256 * 1024;
export const JWKS_ACCEPT = 'application/json, application/jwk-set+json';

type Request = (url: URL, options: RequestOptions, onResponse: (response: IncomingMessage) => void) => ClientRequest;

// Loaded with `require` on first use, not `import()`: a CommonJS test runtime (Jest's, as `cdk init` sets
// it up) has no dynamic import for code it does not transform, such as this package's compiled files.
function transportFor(url: URL): Request {
  if (url.protocol === 'https:') return (require('node:https') as typeof import('node:https')).request;
  if (url.protocol === 'http:') return (require('node:http') as typeof import('node:http')).request;
  throw new TypeError(`a JWKS URL must be http(s), got ${url.protocol}`);
}

export const tooLarge = () => new UpstreamError('ERR_AS_RESPONSE_INVALID', `the JWKS response is larger than ${JWKS_MAX_BYTES} bytes`, { jwks: 'invalid' });
export const jwksTimeout = (timeoutMs: number) => new UpstreamError('ERR_AS_UNAVAILABLE', `the JWKS did not arrive within ${timeoutMs} ms`, { jwks: 'timeout' });

export const httpJwksFetcher: JwksFetcher = async (url, timeoutMs) => {
  const target = new URL(url);
  const request = transportFor(target);
  return new Promise<JwksResponse>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, response?: JwksResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (response) resolve(response);
      else reject(error);
    };
    // No keep-alive agent: one request per refetch, and no idle socket left behind in a frozen Lambda.
    const req = request(target, { method: 'GET', agent: false, headers: { accept: JWKS_ACCEPT } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > JWKS_MAX_BYTES) {
          settle(tooLarge());
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => settle(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => settle(error));
      res.on('close', () => settle(new Error('the JWKS response was cut short')));
    });
    const timer = setTimeout(() => {
      settle(jwksTimeout(timeoutMs));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => settle(error));
    req.end();
  });
};
