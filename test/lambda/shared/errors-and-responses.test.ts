import {
  AccessDeniedError,
  ConfigError,
  InternalError,
  isPhantomTokenError,
  TokenError,
  UpstreamError,
} from '../../../lambda/shared/errors';
import { GATEWAY_RESPONSES, gatewayResponseBody, RETRY_AFTER_SECONDS, UNAUTHORIZED_MESSAGE } from '../../../lambda/shared/gateway-responses';

describe('error hierarchy', () => {
  it('fixes a status per class and keeps code and detail', () => {
    const cases = [
      [new TokenError('ERR_TOKEN_INACTIVE', 'inactive', { tier: 'miss' }), 401, 'ERR_TOKEN_INACTIVE'],
      [new AccessDeniedError('ERR_SCOPE_INSUFFICIENT', 'scope'), 403, 'ERR_SCOPE_INSUFFICIENT'],
      [new UpstreamError('ERR_AS_UNAVAILABLE', 'down'), 503, 'ERR_AS_UNAVAILABLE'],
      [new ConfigError('PHANTOM_X', 'is required'), 500, 'ERR_CONFIG'],
      [new InternalError('boom'), 500, 'ERR_INTERNAL'],
    ] as const;
    for (const [error, status, code] of cases) {
      expect(isPhantomTokenError(error)).toBe(true);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
    }
    expect(cases[0][0].detail).toEqual({ tier: 'miss' });
    expect(new ConfigError('PHANTOM_X', 'is required').message).toBe('PHANTOM_X: is required');
    expect(isPhantomTokenError(new Error('x'))).toBe(false);
  });
});

describe('gateway responses', () => {
  it('401 with a Bearer challenge, 403 insufficient_scope, 503 with Retry-After for failures', () => {
    expect(GATEWAY_RESPONSES.UNAUTHORIZED).toMatchObject({ statusCode: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
    expect(GATEWAY_RESPONSES.ACCESS_DENIED.statusCode).toBe(403);
    for (const kind of ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR'] as const) {
      expect(GATEWAY_RESPONSES[kind]).toMatchObject({ statusCode: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
    }
    expect(JSON.parse(gatewayResponseBody(GATEWAY_RESPONSES.UNAUTHORIZED))).toEqual({ error: 'invalid_token', error_description: 'A valid access token is required.' });
    expect(UNAUTHORIZED_MESSAGE).toBe('Unauthorized');
  });
});
