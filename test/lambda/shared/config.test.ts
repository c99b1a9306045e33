// Config round trip through the environment, defaults, and every ConfigError naming its variable.
import {
  revocationReceiverConfigFromEnv,
  revocationReceiverConfigToEnv,
  authorizerConfigFromEnv,
  authorizerConfigToEnv,
  DEFAULT_ALGORITHMS,
  LIMITS,
  urlProblem,
  validatorConfigFromEnv,
  validatorConfigToEnv,
  type AuthorizerSettings,
} from '../../../lambda/shared/config';
import { AUTHORIZER_ENV as E, VALIDATOR_ENV as V } from '../../../lambda/shared/env-names';
import { ConfigError } from '../../../lambda/shared/errors';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';

const minimal: AuthorizerSettings = {
  issuer: 'https://as.example.com',
  clientId: 'gateway-client',
  clientSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gw',
  routes: EXAMPLE_ROUTES,
};

function settingAtFault(env: Record<string, string | undefined>): string | undefined {
  try {
    authorizerConfigFromEnv(env);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('ERR_CONFIG');
    expect((error as ConfigError).message.startsWith(`${(error as ConfigError).setting}: `)).toBe(true);
    return (error as ConfigError).setting;
  }
}

describe('authorizer config', () => {
  it('applies the defaults to a minimal environment', () => {
    const config = authorizerConfigFromEnv(authorizerConfigToEnv(minimal));
    expect(config).toMatchObject({
      exchangeMode: 'accept-jwt',
      jwtField: 'jwt',
      clientAuthMethod: 'client_secret_basic',
      cacheMaxTtlSeconds: LIMITS.cacheMaxTtlSeconds.default,
      honorNoStore: false,
      negativeCacheSeconds: LIMITS.negativeCacheSeconds.default,
      memoryCacheEntries: LIMITS.memoryCacheEntries.default,
      asTimeoutMs: LIMITS.asTimeoutMs.default,
      allowedAlgorithms: DEFAULT_ALGORITHMS,
      clockToleranceSeconds: LIMITS.clockToleranceSeconds.default,
      logLevel: 'info',
      localMode: false,
    });
    expect(config.asTimeoutMs).toBeLessThanOrEqual(3000);
  });

  it('round-trips every setting', () => {
    const full: AuthorizerSettings = {
      ...minimal,
      introspectionEndpoint: 'https://as.example.com/introspect',
      tokenEndpoint: 'https://as.example.com/token',
      jwksUri: 'https://as.example.com/jwks',
      exchangeMode: 'token-exchange',
      jwtField: 'phantom',
      exchangeAudience: 'https://api.example.com',
      exchangeScope: 'invoice_read',
      jwtAudience: 'https://api.example.com',
      clientAuthMethod: 'private_key_jwt',
      cacheTable: 'cache',
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
      cacheMaxTtlSeconds: 60,
      honorNoStore: true,
      negativeCacheSeconds: 0,
      memoryCacheEntries: 0,
      asTimeoutMs: 1000,
      allowedAlgorithms: ['ES256', 'EdDSA'],
      clockToleranceSeconds: 5,
      cachesPerRoute: true,
      gatewayCacheTtlSeconds: 30,
      logLevel: 'debug',
      revocationPollIntervalMs: 500,
      senderConstrained: true,
      dpopAlgorithms: ['ES256', 'PS256'],
      dpopProofWindowSeconds: 30,
      publicBaseUrl: 'https://api.example.com/v1',
    };
    const config = authorizerConfigFromEnv(authorizerConfigToEnv(full));
    expect(config).toEqual({ ...full, clientSecret: undefined, localMode: false, routes: EXAMPLE_ROUTES });
  });

  it('accepts http and an env secret in local mode only', () => {
    const local = authorizerConfigToEnv({ ...minimal, issuer: 'http://127.0.0.1:9000', clientSecretArn: undefined, clientSecret: 's', localMode: true });
    expect(authorizerConfigFromEnv(local)).toMatchObject({ localMode: true, clientSecret: 's', issuer: 'http://127.0.0.1:9000' });
    expect(settingAtFault({ ...local, [E.localMode]: undefined })).toBe(E.clientSecret);
    expect(settingAtFault({ ...local, [E.clientSecret]: undefined, [E.clientSecretArn]: 'arn', [E.localMode]: undefined })).toBe(E.issuer);
  });

  const base = authorizerConfigToEnv(minimal);
  it.each([
    ['missing issuer', { [E.issuer]: undefined }, E.issuer],
    ['a DPoP proof window of 1 s', { [E.dpopProofWindowSeconds]: '1' }, E.dpopProofWindowSeconds],
    ['an HMAC DPoP algorithm', { [E.dpopAlgorithms]: 'ES256,HS256' }, E.dpopAlgorithms],
    ['an http public base URL outside local mode', { [E.publicBaseUrl]: 'http://api.example.com' }, E.publicBaseUrl],
    ['a sender-constrained flag that is not a boolean', { [E.senderConstrained]: 'yes' }, E.senderConstrained],
    ['blank issuer', { [E.issuer]: '  ' }, E.issuer],
    ['issuer not a URL', { [E.issuer]: 'as.example.com' }, E.issuer],
    ['http issuer outside local mode', { [E.issuer]: 'http://as.example.com' }, E.issuer],
    ['ftp jwks uri', { [E.jwksUri]: 'ftp://as.example.com/jwks' }, E.jwksUri],
    ['missing client id', { [E.clientId]: undefined }, E.clientId],
    ['no credentials', { [E.clientSecretArn]: undefined }, E.clientSecretArn],
    ['env secret outside local mode', { [E.clientSecret]: 'secret' }, E.clientSecret],
    ['unknown mode', { [E.exchangeMode]: 'magic' }, E.exchangeMode],
    ['unknown client auth', { [E.clientAuthMethod]: 'client_secret_post' }, E.clientAuthMethod],
    ['ttl not a number', { [E.cacheMaxTtlSeconds]: 'ten' }, E.cacheMaxTtlSeconds],
    ['ttl negative', { [E.cacheMaxTtlSeconds]: '-1' }, E.cacheMaxTtlSeconds],
    ['ttl too high', { [E.cacheMaxTtlSeconds]: '3601' }, E.cacheMaxTtlSeconds],
    ['ttl zero', { [E.cacheMaxTtlSeconds]: '0' }, E.cacheMaxTtlSeconds],
    ['negative cache too long', { [E.negativeCacheSeconds]: '61' }, E.negativeCacheSeconds],
    ['memory entries too many', { [E.memoryCacheEntries]: '100001' }, E.memoryCacheEntries],
    ['timeout too short', { [E.asTimeoutMs]: '99' }, E.asTimeoutMs],
    ['timeout fractional', { [E.asTimeoutMs]: '1.5' }, E.asTimeoutMs],
    ['clock tolerance too high', { [E.clockToleranceSeconds]: '301' }, E.clockToleranceSeconds],
    ['HS256 allowed', { [E.allowedAlgorithms]: 'RS256,HS256' }, E.allowedAlgorithms],
    ['none allowed', { [E.allowedAlgorithms]: 'none' }, E.allowedAlgorithms],
    ['empty algorithm list', { [E.allowedAlgorithms]: ' , ' }, E.allowedAlgorithms],
    ['unknown log level', { [E.logLevel]: 'trace' }, E.logLevel],
    ['local mode not boolean', { [E.localMode]: 'yes' }, E.localMode],
    ['honor no-store not boolean', { [E.honorNoStore]: 'always' }, E.honorNoStore],
    ['caches per route not boolean', { [E.cachesPerRoute]: 'sometimes' }, E.cachesPerRoute],
    ['missing routes', { [E.routes]: undefined }, E.routes],
    ['routes not JSON', { [E.routes]: '[oops' }, E.routes],
    ['routes not an array', { [E.routes]: '{}' }, E.routes],
    ['route row malformed', { [E.routes]: '[["GET","/a"]]' }, E.routes],
    ['route with bad types', { [E.routes]: '[["GET","/a",[1],[]]]' }, E.routes],
    ['route without a rule', { [E.routes]: '[["GET","/a",[],[]]]' }, E.routes],
    ['route with a bad method', { [E.routes]: '[["FETCH","/a",["s"],[]]]' }, E.routes],
    ['duplicate route', { [E.routes]: '[["GET","/a",["s"],[]],["GET","/a",["t"],[]]]' }, E.routes],
    ['catch-all scope', { [E.routes]: '[["GET","/a",["*"],[]]]' }, E.routes],
  ])('%s is a ConfigError naming the variable', (_name, change, setting) => {
    expect(settingAtFault({ ...base, ...change })).toBe(setting);
  });

  it('accepts 0/1/false/true for local mode', () => {
    for (const [value, expected] of [['0', false], ['false', false], ['1', true], ['true', true]] as const) {
      expect(authorizerConfigFromEnv({ ...base, [E.localMode]: value }).localMode).toBe(expected);
    }
  });

  it('keeps the environment small: routes serialize compactly', () => {
    expect(base[E.routes].length).toBeLessThan(400);
  });
});

describe('validator config', () => {
  it('round-trips with defaults and every setting', () => {
    const env = validatorConfigToEnv({ issuer: 'https://as.example.com', audience: 'https://api.example.com' });
    expect(validatorConfigFromEnv(env)).toMatchObject({ tokenSources: ['authorizer-context'], allowedAlgorithms: DEFAULT_ALGORITHMS, localMode: false });
    const full = {
      issuer: 'http://127.0.0.1:1',
      audience: 'aud',
      jwksUri: 'http://127.0.0.1:1/jwks',
      allowedAlgorithms: ['ES256' as const],
      tokenType: 'at+jwt',
      tokenSources: ['authorization-header' as const],
      clockToleranceSeconds: 1,
      logLevel: 'warn' as const,
      localMode: true,
    };
    expect(validatorConfigFromEnv(validatorConfigToEnv(full))).toEqual(full);
  });

  it('requires an audience and known token sources', () => {
    expect(() => validatorConfigFromEnv({ [V.issuer]: 'https://as' })).toThrow(`${V.audience}: is required`);
    expect(() => validatorConfigFromEnv({ [V.issuer]: 'https://as', [V.audience]: 'a', [V.tokenSources]: 'cookie' })).toThrow(ConfigError);
  });
});

describe('urlProblem', () => {
  it('allows https always, http in local mode only', () => {
    expect(urlProblem('https://x', false)).toBeUndefined();
    expect(urlProblem('http://x', true)).toBeUndefined();
    expect(urlProblem('http://x', false)).toMatch(/local mode only/);
    expect(urlProblem('ftp://x', true)).toMatch(/must use https or http/);
    expect(urlProblem('nope', true)).toMatch(/is not a URL/);
  });
});

describe('revocation settings', () => {
  const receiverMinimal = { issuer: 'https://as.example.com', jwksUri: 'https://as.example.com/jwks', audience: 'gw', cacheTable: 'cache' };

  it('the authorizer polls every 2 s by default; 0 turns polling off; the limit is named', () => {
    expect(authorizerConfigFromEnv(authorizerConfigToEnv(minimal)).revocationPollIntervalMs).toBe(2_000);
    expect(authorizerConfigFromEnv(authorizerConfigToEnv({ ...minimal, revocationPollIntervalMs: 0 })).revocationPollIntervalMs).toBe(0);
    expect(() => authorizerConfigFromEnv({ ...authorizerConfigToEnv(minimal), PHANTOM_REVOCATION_POLL_INTERVAL_MS: '70000' })).toThrow(/PHANTOM_REVOCATION_POLL_INTERVAL_MS/);
  });

  it('the receiver round-trips every setting, and a flush target needs its API id and stage', () => {
    const full = { ...receiverMinimal, cacheMaxTtlSeconds: 60, allowedAlgorithms: ['ES256' as const], clockToleranceSeconds: 5, flushApiKind: 'rest' as const, flushApiId: 'abc123', flushStage: 'prod', revocationPollIntervalMs: 1000, logLevel: 'warn' as const };
    expect(revocationReceiverConfigFromEnv(revocationReceiverConfigToEnv(full))).toEqual({ ...full, dynamoDbEndpoint: undefined, localMode: false });
    expect(() => revocationReceiverConfigFromEnv(revocationReceiverConfigToEnv({ ...receiverMinimal, flushApiKind: 'http' }))).toThrow(/PHANTOM_REVOCATION_FLUSH_API_ID/);
    expect(() => revocationReceiverConfigFromEnv(revocationReceiverConfigToEnv({ ...receiverMinimal, audience: '' }))).toThrow(/PHANTOM_REVOCATION_AUDIENCE/);
  });
});
