// RFC 8693 token exchange, which oidc-provider lacks: an opaque access token (the gateway's case) or a
// phantom JWT this AS issued (a service calling another API downstream) in, a phantom JWT out.
import { errors, type OidcContext } from 'oidc-provider';
import { jwtVerify, type JWTPayload } from 'jose';
import { signPhantomJwt } from './phantom-jwt';
import type { SigningKey } from './signing-keys';
import { confirmationOf, findActiveToken } from './token-lookup';

import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from './wire-names';

export { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT };
export const TOKEN_EXCHANGE_PARAMS = ['subject_token', 'subject_token_type', 'requested_token_type', 'audience', 'scope'];

export interface TokenExchangeInput {
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly signingKey: SigningKey;
  readonly provider: Parameters<typeof findActiveToken>[0];
  /** Counts exchanges served (the `calls` counter). */
  readonly onExchange: () => void;
}

interface Subject {
  readonly sub: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly exp: number;
  readonly extraClaims: Record<string, unknown>;
}

export function tokenExchangeHandler(input: TokenExchangeInput) {
  return async (ctx: OidcContext): Promise<void> => {
    input.onExchange();
    const params = ctx.oidc.params ?? {};
    const requestedType = stringParam(params, 'requested_token_type') ?? JWT_TOKEN_TYPE;
    if (requestedType !== JWT_TOKEN_TYPE) throw new errors.InvalidRequest(`requested_token_type must be ${JWT_TOKEN_TYPE}`);
    const subjectToken = stringParam(params, 'subject_token');
    if (!subjectToken) throw new errors.InvalidRequest('missing required parameter subject_token');
    const subject = await findSubject(subjectToken, stringParam(params, 'subject_token_type'), input);
    if (!subject) throw invalidGrant('subject_token is not active');

    const requested = stringParam(params, 'scope')?.split(' ').filter(Boolean);
    const notGranted = requested?.filter((scope) => !subject.scopes.includes(scope)) ?? [];
    if (notGranted.length) throw new errors.InvalidScope('requested scope exceeds the subject token', notGranted.join(' '));

    const now = Math.floor(Date.now() / 1000);
    const exp = Math.min(subject.exp, now + input.accessTokenTtlSeconds);
    const jwt = await signPhantomJwt(
      {
        sub: subject.sub,
        clientId: subject.clientId,
        scope: (requested ?? subject.scopes).join(' '),
        audience: stringParam(params, 'audience') ?? input.audience,
        exp,
        extraClaims: subject.extraClaims,
      },
      input.issuer,
      input.signingKey,
    );
    ctx.body = { access_token: jwt, issued_token_type: JWT_TOKEN_TYPE, token_type: 'N_A', expires_in: exp - now };
  };
}

async function findSubject(token: string, type: string | undefined, input: TokenExchangeInput): Promise<Subject | undefined> {
  if (type === ACCESS_TOKEN_TYPE) {
    const found = await findActiveToken(input.provider, token);
    if (!found) return undefined;
    const { sub: _sub, ...extra } = found.extra ?? {};
    // The exchanged JWT keeps the subject token's binding, so the gateway still enforces it.
    const cnf = confirmationOf(found);
    const extraClaims = cnf ? { ...extra, cnf } : extra;
    return { sub: found.accountId ?? found.clientId, clientId: found.clientId, scopes: splitScope(found.scope), exp: found.exp, extraClaims };
  }
  if (type === JWT_TOKEN_TYPE) return verifiedPhantom(token, input);
  throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE} or ${JWT_TOKEN_TYPE}`);
}

/** Only a phantom JWT this AS signed, unexpired, is accepted for a downstream exchange. */
async function verifiedPhantom(token: string, input: TokenExchangeInput): Promise<Subject | undefined> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, input.signingKey.publicKey, {
      issuer: input.issuer,
      typ: 'at+jwt',
      algorithms: [input.signingKey.alg],
    }));
  } catch {
    return undefined;
  }
  const { iss: _iss, sub, aud: _aud, iat: _iat, exp, jti: _jti, nbf: _nbf, client_id: clientId, scope, ...extraClaims } = payload;
  if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof exp !== 'number') return undefined;
  return { sub, clientId, scopes: splitScope(typeof scope === 'string' ? scope : undefined), exp, extraClaims };
}

function splitScope(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean);
}

function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function invalidGrant(description: string): Error {
  return Object.assign(new errors.InvalidGrant(), { error_description: description });
}
