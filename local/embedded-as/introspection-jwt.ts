// The two introspection modes oidc-provider lacks, layered over its own RFC 7662 answer (which has
// already authenticated the client and applied the introspection policy):
// - `accept-jwt`: `Accept: application/jwt` gets the phantom JWT as the body, or 204 when inactive;
// - `jwt-in-json`: the JSON answer for an active token also carries the phantom JWT in `jwt`.
// RFC 9701 (`application/token-introspection+jwt`) is oidc-provider's own jwtIntrospection feature.
import type { Middleware, OidcContext } from 'oidc-provider';
import { signPhantomJwt } from './phantom-jwt';
import type { SigningKey } from './signing-keys';
import { PHANTOM_JWT_FIELD } from './wire-names';

export { PHANTOM_JWT_FIELD };

export interface IntrospectionJwtInput {
  readonly issuer: string;
  readonly audience: string;
  readonly introspectionPath: string;
  readonly signingKey: SigningKey;
  readonly isGateway: (clientId: string) => boolean;
}

export function introspectionJwtMiddleware(input: IntrospectionJwtInput): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== input.introspectionPath) return next();
    const wantsJwt = acceptsOnlyJwt(ctx.get('accept'));
    await next();
    if (ctx.status !== 200 || !isJsonAnswer(ctx.body)) return;
    const answer = ctx.body;
    if (wantsJwt && answer.active !== true) {
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    if (answer.active !== true) return;
    const jwt = await phantomFor(ctx, answer, input);
    if (wantsJwt) {
      ctx.body = jwt;
      ctx.type = 'application/jwt';
    } else if (input.isGateway(ctx.oidc.client?.clientId ?? '')) {
      ctx.body = { ...answer, [PHANTOM_JWT_FIELD]: jwt };
    }
  };
}

async function phantomFor(ctx: OidcContext, answer: Record<string, unknown>, input: IntrospectionJwtInput): Promise<string> {
  const token = ctx.oidc.entities.ClientCredentials ?? ctx.oidc.entities.AccessToken;
  if (!token) throw new Error('an active introspection answer without its token');
  const { sub: _sub, ...extraClaims } = token.extra ?? {};
  return signPhantomJwt(
    {
      sub: typeof answer.sub === 'string' ? answer.sub : token.clientId,
      clientId: token.clientId,
      scope: token.scope,
      audience: input.audience,
      exp: token.exp,
      // The binding travels in the phantom JWT (RFC 9068 §2.2.1 JWT access tokens carry `cnf` too): the
      // gateway enforces it, the services see it for audit.
      extraClaims: answer.cnf !== undefined ? { ...extraClaims, cnf: answer.cnf } : extraClaims,
    },
    input.issuer,
    input.signingKey,
  );
}

/** `application/jwt` alone or preferred; `*\/*` or JSON keep the RFC 7662 answer. */
function acceptsOnlyJwt(accept: string): boolean {
  const first = accept.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  return first === 'application/jwt';
}

function isJsonAnswer(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && 'active' in body;
}
