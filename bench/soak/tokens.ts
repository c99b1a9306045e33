// The tokens the soak sends, minted before the load starts: long-lived good tokens per client, a pool of
// fresh ones (each sent once, so it is never in a cache), a token to revoke mid-run, expired tokens, and
// the bad inputs that look like tokens (garbage, forged and replayed JWTs, malformed and oversized ones).
import { randomBytes } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { GATEWAY_CLIENT_ID } from '../../local/as-server';
import { basicAuthorization, DEMO_CLIENTS, type EmbeddedAs } from '../../local/embedded-as';

export type ClientFamily = 'invoices' | 'streams';

export const FAMILY_CLIENT: Readonly<Record<ClientFamily, string>> = { invoices: 'invoices-client', streams: 'streaming-client' };

export interface OwnedToken {
  readonly token: string;
  readonly family: ClientFamily;
}

export interface SoakTokens {
  /** Used all run long by the load lanes: after the first request, always in the caches. */
  readonly warm: readonly OwnedToken[];
  /** Revoked mid-run; until then one of the warm ones. */
  readonly victim: OwnedToken;
  /** Each sent once by the probe lane. */
  readonly fresh: readonly OwnedToken[];
  readonly expired: readonly string[];
  /** Syntactically fine tokens no AS issued. */
  readonly garbage: readonly string[];
  /** JWTs the AS never issued as access tokens: own key with the AS's kid, alg none, HS256 keyed with the AS's public key. */
  readonly forgedJwts: readonly string[];
  /** A phantom JWT the AS really signed, sent where an opaque token belongs. */
  readonly replayedJwt: string;
}

const WARM_PER_FAMILY = 3;
const EXPIRED_TTL_SECONDS = 1;
const MINT_CONCURRENCY = 4;

export async function mintSoakTokens(as: EmbeddedAs, freshCount: number): Promise<SoakTokens> {
  const families: ClientFamily[] = ['invoices', 'streams'];
  const mintedAt = Date.now();
  const expired = await Promise.all([0, 1].map(() => as.getToken(FAMILY_CLIENT.invoices, { ttlSeconds: EXPIRED_TTL_SECONDS })));
  const mint = (family: ClientFamily) => as.getToken(FAMILY_CLIENT[family]).then((token) => ({ token, family }));
  const warm = await Promise.all(families.flatMap((family) => Array.from({ length: WARM_PER_FAMILY }, () => mint(family))));
  const victim = await mint('invoices');
  const fresh = await bounded(freshCount, MINT_CONCURRENCY, (index) => mint(families[index % families.length]));
  const replayedJwt = await phantomJwtOf(as, warm[0].token);
  const forgedJwts = await forgeJwts(as);
  // Expired for the AS (whole seconds) and beyond any clock rounding before the first use.
  const expiredBy = mintedAt + (EXPIRED_TTL_SECONDS + 1.5) * 1000;
  if (Date.now() < expiredBy) await new Promise((resolve) => setTimeout(resolve, expiredBy - Date.now()));
  return {
    warm,
    victim,
    fresh,
    expired,
    garbage: Array.from({ length: 16 }, () => randomToken()),
    forgedJwts,
    replayedJwt,
  };
}

/** A fresh random token in the AS's alphabet: never issued, never seen by a cache. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

async function bounded<T>(count: number, concurrency: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await make(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** What the gateway's client gets from `accept-jwt` introspection: a JWT the AS signed. */
async function phantomJwtOf(as: EmbeddedAs, token: string): Promise<string> {
  const gateway = DEMO_CLIENTS.find((client) => client.clientId === GATEWAY_CLIENT_ID);
  const response = await fetch(as.introspectionEndpoint, {
    method: 'POST',
    headers: {
      authorization: basicAuthorization(GATEWAY_CLIENT_ID, gateway?.clientSecret ?? ''),
      accept: 'application/jwt',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  });
  const body = await response.text();
  if (response.status !== 200 || body.split('.').length !== 3) throw new Error(`soak: introspection for a phantom JWT answered ${response.status}`);
  return body;
}

async function forgeJwts(as: EmbeddedAs): Promise<string[]> {
  const asKey = as.publicJwks.keys[0] as { kid?: string };
  const claims = {
    client_id: FAMILY_CLIENT.invoices,
    scope: 'invoice_read invoice_write',
    subscriber_id: 'sub-1001',
  };
  const now = Math.floor(Date.now() / 1000);
  const base = () => new SignJWT(claims).setIssuer(as.issuer).setAudience(as.audience).setSubject(FAMILY_CLIENT.invoices).setIssuedAt(now).setExpirationTime(now + 3600);
  const { privateKey } = await generateKeyPair('RS256');
  const ownKey = await base().setProtectedHeader({ alg: 'RS256', kid: asKey.kid, typ: 'at+jwt' }).sign(privateKey);
  const hmacWithPublicKey = await base().setProtectedHeader({ alg: 'HS256', kid: asKey.kid }).sign(new TextEncoder().encode(JSON.stringify(as.publicJwks.keys[0])));
  const unsigned = [
    Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify({ ...claims, iss: as.issuer, aud: as.audience, sub: FAMILY_CLIENT.invoices, exp: now + 3600 })).toString('base64url'),
    '',
  ].join('.');
  return [ownKey, hmacWithPublicKey, unsigned];
}
