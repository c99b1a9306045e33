export { exchangeForMode, jwtVerifierForMode } from './select-mode';
export type { ExchangeContext, ExchangeOutcome, ExchangeToken, VerifiedIdentity, VerifyPhantomJwt } from './types';
