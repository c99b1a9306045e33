// One module per mode; the config picks one at cold start.
import type { ExchangeMode } from '../../shared/config';
import { acceptJwtExchange } from './accept-jwt';
import { jwtInJsonExchange } from './jwt-in-json';
import { rfc9701Exchange } from './rfc9701';
import { tokenExchange } from './token-exchange';
import type { ExchangeContext, ExchangeToken } from './types';

const MODES: Record<ExchangeMode, (context: ExchangeContext) => ExchangeToken> = {
  'accept-jwt': acceptJwtExchange,
  'jwt-in-json': jwtInJsonExchange,
  rfc9701: rfc9701Exchange,
  'token-exchange': tokenExchange,
};

export function exchangeForMode(context: ExchangeContext): ExchangeToken {
  return MODES[context.config.exchangeMode](context);
}
