export { exchangeForMode } from './select-mode';
export type { ExchangeContext, ExchangeOutcome, ExchangeToken, VerifiedIdentity } from './types';
