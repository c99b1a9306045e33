// One module per mode; the config picks one at cold start.
import type { ExchangeMode } from '../../shared/config';
import { acceptJwtExchange } from './accept-jwt';
import { verifyPhantomJwt } from './introspection';
import { jwtInJsonExchange } from './jwt-in-json';
import { rfc9701Exchange, rfc9701JwtVerifier } from './rfc9701';
import { tokenExchange } from './token-exchange';
import type { ExchangeContext, ExchangeToken, VerifyPhantomJwt } from './types';

const MODES: Record<ExchangeMode, (context: ExchangeContext) => ExchangeToken> = {
  'accept-jwt': acceptJwtExchange,
  'jwt-in-json': jwtInJsonExchange,
  rfc9701: rfc9701Exchange,
  'token-exchange': tokenExchange,
};

const phantomJwtVerifier = (context: ExchangeContext): VerifyPhantomJwt => (jwt) => verifyPhantomJwt(context, jwt);

const VERIFIERS: Record<ExchangeMode, (context: ExchangeContext) => VerifyPhantomJwt> = {
  'accept-jwt': phantomJwtVerifier,
  'jwt-in-json': phantomJwtVerifier,
  rfc9701: rfc9701JwtVerifier,
  'token-exchange': phantomJwtVerifier,
};

export function exchangeForMode(context: ExchangeContext): ExchangeToken {
  return MODES[context.config.exchangeMode](context);
}

/** The mode's own JWT verification, for JWTs that did not just come from the AS (tier-2 entries). */
export function jwtVerifierForMode(context: ExchangeContext): VerifyPhantomJwt {
  return VERIFIERS[context.config.exchangeMode](context);
}
