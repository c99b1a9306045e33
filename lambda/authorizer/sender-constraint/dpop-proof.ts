// Checks one DPoP proof (RFC 9449 §4.3) against the request it came with: exactly one proof, a compact
// JWS whose header passes proof-header.ts, a valid signature by the header's own key, then the claims:
// `jti`, `htm` = the method, `htu` = the request's public URL (no query or fragment), `iat` within the
// window either way, `ath` = base64url SHA-256 of the access token. Replay (the `jti` seen before) is
// replay-guard.ts's, and the key's match with `cnf.jkt` the caller's: this module has no state but the
// header cache and does no I/O, so it runs on every request, never cached as a decision.
import { createHash, verify } from 'node:crypto';
import { TokenError } from '../../shared/errors';
import { PROOF_ALGORITHMS } from './proof-algorithms';
import { decodeJson, ProofHeaderReader } from './proof-header';

export interface ProofExpectations {
  /** The request's HTTP method. */
  readonly method: string;
  /** The request's public URL; its query and fragment are ignored. */
  readonly url: string;
  readonly accessToken: string;
  readonly nowMs: number;
  readonly windowSeconds: number;
}

export interface CheckedProof {
  /** The proof key's RFC 7638 thumbprint. */
  readonly jkt: string;
  readonly jti: string;
  /** Epoch seconds. */
  readonly iat: number;
}

/** Proofs are small (a header with a public key and five claims); an 8 KB one is an attack. */
export const MAX_PROOF_LENGTH = 8192;
const MAX_JTI_LENGTH = 256;
// An empty signature is let through to the header check, so `alg: none` is refused as the alg it is.
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

export class DpopProofChecker {
  private readonly headers: ProofHeaderReader;
  // A client sends one token many times: its `ath` is hashed once per run of requests.
  private lastToken?: string;
  private lastAth?: string;

  constructor(algorithms: readonly string[]) {
    this.headers = new ProofHeaderReader(algorithms);
  }

  /** `values`: every DPoP header value of the request. Throws a TokenError with an ERR_DPOP_* code. */
  check(values: readonly string[], expect: ProofExpectations): CheckedProof {
    if (values.length === 0) throw new TokenError('ERR_DPOP_PROOF_MISSING', 'the DPoP scheme needs a DPoP proof header');
    if (values.length > 1) throw new TokenError('ERR_DPOP_PROOF_MULTIPLE', 'more than one DPoP header', { count: values.length });
    const proof = values[0].trim();
    if (proof.length > MAX_PROOF_LENGTH) throw new TokenError('ERR_DPOP_PROOF_MALFORMED', 'the proof is too long', { length: proof.length });
    const parts = COMPACT_JWS.exec(proof);
    if (!parts) throw new TokenError('ERR_DPOP_PROOF_MALFORMED', 'the proof is not a compact JWS');
    const header = this.headers.read(parts[1]);
    const algorithm = PROOF_ALGORITHMS[header.alg];
    const signed = Buffer.from(`${parts[1]}.${parts[2]}`);
    if (!verify(algorithm.digest, signed, { key: header.key, ...algorithm.options }, Buffer.from(parts[3], 'base64url'))) {
      throw new TokenError('ERR_DPOP_PROOF_SIGNATURE', 'the proof\'s signature does not verify with its jwk');
    }
    const claims = decodeJson(parts[2]);
    const { jti, htm, htu, iat, ath } = claims;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) throw new TokenError('ERR_DPOP_PROOF_JTI', 'the proof has no usable jti');
    if (htm !== expect.method) throw new TokenError('ERR_DPOP_PROOF_HTM', 'the proof\'s htm is not the request method', { expected: expect.method });
    if (!sameUrl(htu, expect.url)) throw new TokenError('ERR_DPOP_PROOF_HTU', 'the proof\'s htu is not the request URL', { expected: normalizedUrl(expect.url) });
    const nowSeconds = expect.nowMs / 1000;
    if (typeof iat !== 'number' || !Number.isFinite(iat) || Math.abs(nowSeconds - iat) > expect.windowSeconds) {
      throw new TokenError('ERR_DPOP_PROOF_IAT', 'the proof\'s iat is outside the accepted window', {
        skewSeconds: typeof iat === 'number' ? Math.round(iat - nowSeconds) : undefined,
        windowSeconds: expect.windowSeconds,
      });
    }
    if (typeof ath !== 'string' || ath !== this.athOf(expect.accessToken)) {
      throw new TokenError('ERR_DPOP_PROOF_ATH', 'the proof\'s ath is not the hash of the access token');
    }
    return { jkt: header.jkt, jti, iat };
  }

  private athOf(token: string): string {
    if (token !== this.lastToken) {
      this.lastAth = accessTokenHash(token);
      this.lastToken = token;
    }
    return this.lastAth!;
  }
}

/** RFC 9449 §4.2 `ath`: base64url SHA-256 of the ASCII access token. */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Clients send the URL as the server spells it: the exact match skips two URL parses on the hot path. */
function sameUrl(htu: unknown, expected: string): boolean {
  if (typeof htu !== 'string') return false;
  if (htu === expected && /^https?:\/\/[^?#]+$/.test(expected)) return true;
  const normalized = normalizedUrl(expected);
  return normalized !== undefined && normalizedUrl(htu) === normalized;
}

/**
 * RFC 9449 §4.3 step 9: compared without query and fragment, after RFC 3986 syntax-based normalization
 * (WHATWG URL parsing lowercases scheme and host, drops a default port, resolves dot segments and
 * normalizes percent-encoding case). Undefined for a string that is not an absolute http(s) URL.
 */
export function normalizedUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return `${url.protocol}//${url.host}${url.pathname}`;
}
