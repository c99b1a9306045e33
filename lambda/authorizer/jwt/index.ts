export { remoteJwks, JWKS_COOLDOWN_MS, JWKS_MAX_AGE_MS } from './jwks';
export { verifyJwt, looksLikeJwt, mapJoseError, type JwtExpectations } from './verify-jwt';
