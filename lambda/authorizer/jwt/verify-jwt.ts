// What the authorizer asks of a JWT from the AS before any claim in it is trusted: the shared pipeline
// (lambda/shared/jwt/verify.ts: signature against the AS's JWKS, the algorithm allow-list, `iss`, the
// times) with this gateway's configuration, `typ` and `aud` when required. Its refusals are TokenErrors
// (exchange/introspection.ts `asAnswerFault` decides which are the AS's fault: a body that is not even a
// compact JWS is one); keys that cannot be fetched are an UpstreamError (503).
import type { KeyResolver } from '../../shared/jwt/local-key-set';
import { verifyJwt as verifyWithPipeline } from '../../shared/jwt/verify';

export interface JwtExpectations {
  readonly issuer: string;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly audience?: string;
  readonly typ?: string;
  readonly requireExp: boolean;
}

const EXP = ['exp'] as const;

export async function verifyJwt(jwt: string, keys: KeyResolver, expect: JwtExpectations, nowMs: number): Promise<Record<string, unknown>> {
  const { payload } = await verifyWithPipeline(jwt, keys, {
    issuer: expect.issuer,
    algorithms: expect.algorithms,
    clockToleranceSeconds: expect.clockToleranceSeconds,
    nowMs,
    audience: expect.audience || undefined,
    typ: expect.typ || undefined,
    requiredClaims: expect.requireExp ? EXP : undefined,
  });
  return payload;
}
