// A SET (RFC 8417) is a JWT signed by the AS: verified with the project's JWT pipeline against the AS's
// JWKS, `iss` the AS, `aud` this gateway, before any claim in it is read. jose refuses `alg: none` and
// HMAC with the allow-list, so an unsigned or self-signed event fails here.
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { decodeProtectedHeader, errors as joseErrors } from 'jose';
import type { RevocationReceiverConfig } from '../shared/config';
import { TokenError, UpstreamError } from '../shared/errors';
import { verifyJwt } from '../authorizer/jwt';
import { ReceiverUnavailable, SetRejected } from './receiver-errors';

export interface SecurityEventToken {
  readonly issuer: string;
  readonly jti: string;
  readonly issuedAtMs: number;
  readonly events: Readonly<Record<string, unknown>>;
  /** SSF 1.0 carries the subject here rather than inside each event. */
  readonly subId?: unknown;
}

const SET_TYP = /^(application\/)?secevent\+jwt$/i;

export async function verifySecurityEventToken(
  jwt: string,
  keys: JWTVerifyGetKey,
  config: Pick<RevocationReceiverConfig, 'issuer' | 'audience' | 'allowedAlgorithms' | 'clockToleranceSeconds'>,
  nowMs: number,
): Promise<SecurityEventToken> {
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(jwt).typ;
  } catch {
    throw new SetRejected('invalid_request', 'the body is not a compact JWS');
  }
  // Another JWT type (an access token, an ID token) is not an event, however well it is signed.
  if (typ !== undefined && !(typeof typ === 'string' && SET_TYP.test(typ))) throw new SetRejected('invalid_request', 'the JWT is not a secevent+jwt');
  let payload: JWTPayload;
  try {
    payload = await verifyJwt(
      jwt,
      keys,
      { issuer: config.issuer, audience: config.audience, algorithms: config.allowedAlgorithms, clockToleranceSeconds: config.clockToleranceSeconds, requireExp: false },
      nowMs,
    );
  } catch (error) {
    throw setRejection(error);
  }
  const { jti, iat, events } = payload as JWTPayload & { events?: unknown };
  if (typeof jti !== 'string' || jti.length === 0) throw new SetRejected('invalid_request', 'the SET has no jti');
  if (typeof iat !== 'number') throw new SetRejected('invalid_request', 'the SET has no iat');
  if (iat * 1000 > nowMs + config.clockToleranceSeconds * 1000) throw new SetRejected('invalid_request', 'the SET is issued in the future');
  if (typeof events !== 'object' || events === null || Array.isArray(events) || Object.keys(events).length === 0) {
    throw new SetRejected('invalid_request', 'the SET has no events');
  }
  return { issuer: config.issuer, jti, issuedAtMs: iat * 1000, events: events as Record<string, unknown>, subId: (payload as { sub_id?: unknown }).sub_id };
}

function setRejection(error: unknown): Error {
  if (error instanceof UpstreamError) return new ReceiverUnavailable('the AS signing keys could not be fetched', { cause: error });
  if (!(error instanceof TokenError)) return error as Error;
  const joseCode = error.detail.joseCode;
  switch (error.code) {
    case 'ERR_JWT_ALGORITHM':
      return new SetRejected('invalid_key', 'the SET is unsigned or signed with an algorithm that is not allowed');
    case 'ERR_JWT_SIGNATURE':
      return joseCode === joseErrors.JWSSignatureVerificationFailed.code
        ? new SetRejected('authentication_failed', 'the SET signature does not verify')
        : new SetRejected('invalid_key', 'the SET is signed with a key the AS does not publish');
    case 'ERR_JWT_CLAIM':
      if (error.detail.claim === 'iss') return new SetRejected('invalid_issuer', 'the SET is not from the configured AS');
      if (error.detail.claim === 'aud') return new SetRejected('invalid_audience', 'the SET is not addressed to this gateway');
      return new SetRejected('invalid_request', `the SET claim "${String(error.detail.claim)}" is not acceptable`);
    default:
      return new SetRejected('invalid_request', 'the SET is malformed');
  }
}
