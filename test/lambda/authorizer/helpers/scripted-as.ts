// A small real HTTP server on loopback standing in for an AS whose answers each test scripts: it serves
// metadata and a JWKS, records every request, and answers the endpoints with whatever `respond` returns.
// Keys are minted with jose in-process, so tests can sign good, forged and odd JWTs.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface ScriptedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly form: URLSearchParams;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export interface ScriptedAs {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly introspectionEndpoint: string;
  readonly tokenEndpoint: string;
  readonly requests: ScriptedRequest[];
  jwksFetches: number;
  respond: (request: ScriptedRequest) => ScriptedResponse | Promise<ScriptedResponse>;
  /** Signs claims with the AS key (or `options.key`), adding iss/iat/exp unless given. */
  mint(claims: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Adds a key to the published JWKS (rotation). */
  rotate(): Promise<string>;
  stop(): Promise<void>;
}

export interface MintOptions {
  readonly kid?: string;
  readonly alg?: string;
  readonly typ?: string;
  readonly key?: CryptoKey | Uint8Array;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startScriptedAs(): Promise<ScriptedAs> {
  const keys: SigningKey[] = [await signingKey('k1')];
  const sockets = new Set<import('node:net').Socket>();
  let as!: ScriptedAs;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/jwks') {
        as.jwksFetches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
        return;
      }
      if (path === '/.well-known/oauth-authorization-server') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({ issuer: as.issuer, jwks_uri: as.jwksUri, introspection_endpoint: as.introspectionEndpoint, token_endpoint: as.tokenEndpoint }),
        );
        return;
      }
      const request = { path, headers: req.headers, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
      as.requests.push(request);
      const answer = await as.respond(request);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  as = {
    issuer,
    jwksUri: `${issuer}/jwks`,
    introspectionEndpoint: `${issuer}/introspect`,
    tokenEndpoint: `${issuer}/token`,
    requests: [],
    jwksFetches: 0,
    respond: () => ({ status: 500 }),
    async mint(claims, options = {}) {
      const key = options.key ?? keys.find((candidate) => candidate.kid === (options.kid ?? keys[0].kid))?.privateKey ?? keys[0].privateKey;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? keys[0].kid, typ: options.typ ?? 'at+jwt' })
        .sign(key);
    },
    async rotate() {
      const key = await signingKey(`k${keys.length + 1}`);
      keys.push(key);
      return key.kid;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return as;
}

/** An `accept-jwt` answer. */
export const jwtAnswer = (jwt: string, headers: Record<string, string> = {}): ScriptedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/jwt', ...headers },
  body: jwt,
});

export const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
