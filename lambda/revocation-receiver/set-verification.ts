// A SET (RFC 8417) is a JWT signed by the AS: verified with the project's JWT pipeline (lambda/shared/jwt)
// against the AS's JWKS, `iss` the AS, `aud` this gateway, before any claim in it is read. The pipeline
// refuses `alg: none` and HMAC (asymmetric allow-list only), so an unsigned or self-signed event fails here.
import type { RevocationReceiverConfig } from '../shared/config';
import { TokenError, UpstreamError } from '../shared/errors';
import { parseCompactJws, type CompactJws } from '../shared/jwt/compact-jws';
import type { KeyResolver } from '../shared/jwt/local-key-set';
import { normalizeTyp } from '../shared/jwt/typ';
import { verifyJwt } from '../shared/jwt/verify';
import { ReceiverUnavailable, SetRejected } from './receiver-errors';

export interface SecurityEventToken {
  readonly issuer: string;
  readonly jti: string;
  readonly issuedAtMs: number;
  readonly events: Readonly<Record<string, unknown>>;
  /** SSF 1.0 carries the subject here rather than inside each event. */
  readonly subId?: unknown;
}

const SET_TYP = normalizeTyp('secevent+jwt');

export async function verifySecurityEventToken(
  jwt: string,
  keys: KeyResolver,
  config: Pick<RevocationReceiverConfig, 'issuer' | 'audience' | 'allowedAlgorithms' | 'clockToleranceSeconds'>,
  nowMs: number,
): Promise<SecurityEventToken> {
  let jws: CompactJws;
  try {
    jws = parseCompactJws(jwt);
  } catch {
    throw new SetRejected('invalid_request', 'the body is not a compact JWS');
  }
  // Another JWT type (an access token, an ID token) is not an event, however well it is signed.
  const { typ } = jws.protectedHeader;
  if (typ !== undefined && !(typeof typ === 'string' && normalizeTyp(typ) === SET_TYP)) throw new SetRejected('invalid_request', 'the JWT is not a secevent+jwt');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await verifyJwt(jws, keys, {
      algorithms: config.allowedAlgorithms,
      issuer: config.issuer,
      audience: config.audience,
      clockToleranceSeconds: config.clockToleranceSeconds,
      refuseFutureIat: true,
      requiredClaims: ['jti', 'iat'],
      nowMs,
    }));
  } catch (error) {
    throw setRejection(error);
  }
  const { jti, iat, events } = payload;
  if (typeof jti !== 'string' || jti.length === 0) throw new SetRejected('invalid_request', 'the SET has no jti');
  if (typeof iat !== 'number') throw new SetRejected('invalid_request', 'the SET has no iat');
  if (typeof events !== 'object' || events === null || Array.isArray(events) || Object.keys(events).length === 0) {
    throw new SetRejected('invalid_request', 'the SET has no events');
  }
  return { issuer: config.issuer, jti, issuedAtMs: iat * 1000, events: events as Record<string, unknown>, subId: payload.sub_id };
}

function setRejection(error: unknown): Error {
  if (error instanceof UpstreamError) return new ReceiverUnavailable('the AS signing keys could not be fetched', { cause: error });
  if (!(error instanceof TokenError)) return error as Error;
  switch (error.code) {
    case 'ERR_JWT_ALGORITHM':
      return new SetRejected('invalid_key', 'the SET is unsigned or signed with an algorithm that is not allowed');
    case 'ERR_JWT_SIGNATURE':
      // `key` set: no key of the AS's JWKS fits the header; unset: the one that fits does not verify it.
      return error.detail.key === undefined
        ? new SetRejected('authentication_failed', 'the SET signature does not verify')
        : new SetRejected('invalid_key', 'the SET is signed with a key the AS does not publish');
    case 'ERR_JWT_CLAIM':
      if (error.detail.claim === 'iss') return new SetRejected('invalid_issuer', 'the SET is not from the configured AS');
      if (error.detail.claim === 'aud') return new SetRejected('invalid_audience', 'the SET is not addressed to this gateway');
      if (error.detail.claim === 'iat' && error.detail.reason === 'check_failed') return new SetRejected('invalid_request', 'the SET is issued in the future');
      if (error.detail.reason === 'missing') return new SetRejected('invalid_request', `the SET has no ${String(error.detail.claim)}`);
      return new SetRejected('invalid_request', `the SET claim "${String(error.detail.claim)}" is not acceptable`);
    default:
      return new SetRejected('invalid_request', 'the SET is malformed');
  }
}
