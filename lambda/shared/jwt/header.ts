// The protected header, checked once and before any key is looked at, in jose's order: no `crit` (we
// implement no JWS extension, so any critical one must fail), never an unencoded payload (`b64`), then
// an `alg` that is on the caller's allow-list and is one this module verifies (asymmetric only). `jku`,
// `x5u`, `x5c` and `jwk` are never read: keys come only from the configured key set.
import { TokenError } from '../errors';
import { jwsAlgorithm, type JwsAlgorithm } from './algorithms';

export interface JwtHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
}

export interface CheckedHeader {
  readonly header: JwtHeader;
  readonly algorithm: JwsAlgorithm;
}

function checkCrit(crit: unknown): void {
  const names = Array.isArray(crit) ? crit.filter((name) => typeof name === 'string') : null;
  throw new TokenError('ERR_JWT_INVALID', 'the JWT has critical header extensions this verifier does not understand', { header: 'crit', crit: names });
}

export function checkHeader(protectedHeader: Record<string, unknown>, allowedAlgorithms: readonly string[]): CheckedHeader {
  if (protectedHeader.crit !== undefined) checkCrit(protectedHeader.crit);
  // RFC 7797's b64 only counts when listed in crit, which is refused above; false is refused anyway.
  if (protectedHeader.b64 === false) throw new TokenError('ERR_JWT_INVALID', 'JWTs never use an unencoded payload', { header: 'b64' });
  const { alg, kid, typ } = protectedHeader;
  if (typeof alg !== 'string' || alg.length === 0 || !allowedAlgorithms.includes(alg)) {
    throw new TokenError('ERR_JWT_ALGORITHM', 'the JWT algorithm is not allowed', { expected: [...allowedAlgorithms], found: typeof alg === 'string' ? alg : null });
  }
  const algorithm = jwsAlgorithm(alg);
  if (!algorithm) throw new TokenError('ERR_JWT_ALGORITHM', 'the JWT algorithm is not one this verifier supports (asymmetric only)', { found: alg });
  // No key is named by a kid that is not a string: refused as a key set refuses an unknown kid.
  if (kid !== undefined && typeof kid !== 'string') throw new TokenError('ERR_JWT_SIGNATURE', 'the JWT names no key of the key set', { header: 'kid', key: 'none_matching' });
  return { header: { alg, kid, typ: typeof typ === 'string' ? typ : undefined }, algorithm };
}
