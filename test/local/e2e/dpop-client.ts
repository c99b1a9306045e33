// The DPoP side of the e2e tests: a client_credentials token bound to a key (the proof made by panva's
// `dpop`, as a client application would), and API calls that send any Authorization scheme, any DPoP
// headers and, when asked, another Host (two gateway instances behind one public URL).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { generateKeyPair, generateProof, type KeyPair } from 'dpop';

export interface BoundToken {
  readonly token: string;
  readonly tokenType: string;
  readonly keys: KeyPair;
}

export async function dpopBoundToken(tokenEndpoint: string, clientId: string, clientSecret: string, keys?: KeyPair): Promise<BoundToken> {
  const pair = keys ?? (await generateKeyPair('ES256', { extractable: true }));
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      dpop: await generateProof(pair, tokenEndpoint, 'POST'),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const body = (await response.json()) as { access_token: string; token_type: string };
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return { token: body.access_token, tokenType: body.token_type, keys: pair };
}

export function proofFor(bound: BoundToken, url: string, method = 'GET'): Promise<string> {
  return generateProof(bound.keys, url, method, undefined, bound.token);
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** node:http, not fetch: fetch may not send two DPoP headers or another Host. */
export interface CallOptions {
  readonly method?: string;
  readonly host?: string;
  /** For an https gateway: the CA to trust and, for mutual TLS, the client certificate and key. */
  readonly tls?: { readonly ca: string; readonly cert?: string; readonly key?: string };
}

export function rawCall(url: string, headers: Array<[string, string]>, options: CallOptions = {}): Promise<RawAnswer> {
  const target = new URL(url);
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  // With raw (array) headers node:http adds no Host of its own.
  flat.push('Host', options.host ?? target.host);
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const call = send(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers: flat, setHost: false, ...options.tls },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    call.on('error', reject);
    call.end();
  });
}
