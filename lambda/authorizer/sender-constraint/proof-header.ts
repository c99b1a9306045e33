// A DPoP proof's JOSE header (RFC 9449 §4.2): `typ` dpop+jwt, an allowed asymmetric `alg`, and a public
// `jwk` that fits the algorithm. Parsed headers are kept by their encoded text: a client sends the same
// header with every proof, so its parse, key import and thumbprint are paid once.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { TokenError } from '../../shared/errors';
import { jwkThumbprint } from './jwk-thumbprint';
import { admittedAlgorithms, PROOF_ALGORITHMS } from './proof-algorithms';

export interface ProofHeader {
  readonly alg: string;
  readonly key: KeyObject;
  /** RFC 7638 thumbprint of `jwk`, compared with the token's `cnf.jkt`. */
  readonly jkt: string;
}

/** Members only a private or symmetric JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_HEADERS_KEPT = 1000;

export class ProofHeaderReader {
  private readonly parsed = new Map<string, ProofHeader>();
  private readonly algorithms: readonly string[];

  constructor(allowList: readonly string[]) {
    this.algorithms = admittedAlgorithms(allowList);
  }

  read(encoded: string): ProofHeader {
    const kept = this.parsed.get(encoded);
    if (kept) return kept;
    const header = parseHeader(encoded, this.algorithms);
    if (this.parsed.size >= MAX_HEADERS_KEPT) this.parsed.clear();
    this.parsed.set(encoded, header);
    return header;
  }
}

function parseHeader(encoded: string, algorithms: readonly string[]): ProofHeader {
  const header = decodeJson(encoded);
  if (header.typ !== 'dpop+jwt') throw new TokenError('ERR_DPOP_PROOF_TYP', 'the proof\'s typ is not dpop+jwt');
  const { alg, jwk } = header;
  if (typeof alg !== 'string' || !algorithms.includes(alg) || !PROOF_ALGORITHMS[alg]) {
    throw new TokenError('ERR_DPOP_PROOF_ALG', 'the proof\'s alg is not allowed', { alg: typeof alg === 'string' ? alg.slice(0, 16) : undefined, allowed: algorithms });
  }
  // No JWS extension is understood, so none may be critical (RFC 7515 §4.1.11).
  if (header.crit !== undefined) throw new TokenError('ERR_DPOP_PROOF_MALFORMED', 'the proof names critical header parameters');
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) throw new TokenError('ERR_DPOP_PROOF_JWK', 'the proof has no jwk header');
  const members = jwk as Record<string, unknown>;
  if (PRIVATE_MEMBERS.some((member) => member in members)) throw new TokenError('ERR_DPOP_PROOF_JWK', 'the proof\'s jwk holds private or symmetric key material');
  const jkt = jwkThumbprint(members);
  if (jkt === undefined) throw new TokenError('ERR_DPOP_PROOF_JWK', 'the proof\'s jwk is not an EC, RSA or OKP public key');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: members as never, format: 'jwk' });
  } catch {
    throw new TokenError('ERR_DPOP_PROOF_JWK', 'the proof\'s jwk does not import');
  }
  if (!PROOF_ALGORITHMS[alg].fits(key)) throw new TokenError('ERR_DPOP_PROOF_JWK', 'the proof\'s jwk does not fit its alg', { alg });
  return { alg, key, jkt };
}

/** A base64url JSON object, or ERR_DPOP_PROOF_MALFORMED. */
export function decodeJson(encoded: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('ERR_DPOP_PROOF_MALFORMED', 'a proof part is not base64url JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenError('ERR_DPOP_PROOF_MALFORMED', 'a proof part is not a JSON object');
  return value as Record<string, unknown>;
}
