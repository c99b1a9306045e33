// The settings rows and what is derived from them: synth-time problems naming the prop (only for what is
// given, so callers compose), the required settings, and Lambda's 4 KB environment check.
import {
  AUTHORIZER_SETTINGS,
  authorizerConfigFromEnv,
  authorizerConfigToEnv,
  authorizerEnvironmentSizeProblem,
  authorizerSettingProblems,
  LIMITS,
  missingAuthorizerSettingProblems,
  validatorSettingProblems,
} from '../../../lambda/shared/config';
import { AUTHORIZER_ENV } from '../../../lambda/shared/env-names';
import { ConfigError } from '../../../lambda/shared/errors';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';

const props = (problems: readonly { prop: string }[]) => problems.map((problem) => problem.prop);

describe('settings rows', () => {
  it('give each variable name and limit once: the env names and LIMITS are read off them', () => {
    expect(AUTHORIZER_ENV.cacheMaxTtlSeconds).toBe(AUTHORIZER_SETTINGS.cacheMaxTtlSeconds.env);
    expect(LIMITS.cacheMaxTtlSeconds).toEqual({ min: 1, max: 3600, default: 300 });
    expect(LIMITS.asTimeoutMs).toEqual({ min: 100, max: 10_000, default: 2_500 });
  });

  it('judge only what is given, naming the construct prop and its unit', () => {
    expect(authorizerSettingProblems({})).toEqual([]);
    expect(authorizerSettingProblems({ cacheMaxTtlSeconds: 0, asTimeoutMs: 50, clockToleranceSeconds: 301 })).toEqual([
      { prop: 'cacheMaxTtl', message: 'must be between 1 and 3600 seconds, got 0' },
      { prop: 'asTimeout', message: 'must be between 100 and 10000 ms, got 50' },
      { prop: 'clockTolerance', message: 'must be between 0 and 300 seconds, got 301' },
    ]);
    expect(props(authorizerSettingProblems({ issuer: 'http://as.example.com', allowedAlgorithms: ['HS256' as never], logLevel: 'trace' as never }))).toEqual(['issuer', 'allowedAlgorithms', 'logLevel']);
    expect(authorizerSettingProblems({ allowedAlgorithms: [], memoryCacheEntries: -1 })).toEqual([
      { prop: 'memoryCacheEntries', message: 'must be a whole number between 0 and 100000, got -1' },
      { prop: 'allowedAlgorithms', message: 'must list at least one algorithm' },
    ]);
    expect(authorizerSettingProblems({ issuer: '' })).toEqual([{ prop: 'issuer', message: 'is required' }]);
    expect(authorizerSettingProblems({ routes: [] })).toEqual([{ prop: 'routes', message: 'must list at least one route (routes are denied by default)' }]);
  });

  it('refuse what the handler would refuse at cold start, for the same value', () => {
    const base = authorizerConfigToEnv({ issuer: 'https://as.example.com', clientId: 'c', clientSecretArn: 'arn', routes: EXAMPLE_ROUTES });
    expect(() => authorizerConfigFromEnv({ ...base, [AUTHORIZER_ENV.negativeCacheSeconds]: '61' })).toThrow(ConfigError);
    expect(props(authorizerSettingProblems({ negativeCacheSeconds: 61 }))).toEqual(['negativeCacheTtl']);
  });

  it('report a setting that applies to another exchange mode', () => {
    expect(authorizerSettingProblems({ jwtField: 'phantom' })).toEqual([{ prop: 'jwtField', message: 'applies to exchangeMode jwt-in-json only, not accept-jwt' }]);
    expect(authorizerSettingProblems({ exchangeMode: 'jwt-in-json', jwtField: 'phantom' })).toEqual([]);
    expect(props(authorizerSettingProblems({ exchangeMode: 'rfc9701', exchangeScope: 's' }))).toEqual(['exchangeScope']);
  });

  it('leave deploy-time values alone, and allow http in local mode only', () => {
    expect(authorizerSettingProblems({ issuer: '${Token[X]}' }, { isUnresolved: (value) => String(value).startsWith('${') })).toEqual([]);
    expect(validatorSettingProblems({ issuer: 'http://127.0.0.1:9000' }, { localMode: true })).toEqual([]);
    expect(props(validatorSettingProblems({ issuer: 'http://127.0.0.1:9000' }))).toEqual(['issuer']);
  });

  it('list the required settings not given, by prop', () => {
    expect(props(missingAuthorizerSettingProblems({ clientId: 'c' }))).toEqual(['issuer', 'routes']);
  });

  it('measure the environment against Lambda\'s 4 KB', () => {
    const env = authorizerConfigToEnv({ issuer: 'https://as.example.com', clientId: 'c', routes: EXAMPLE_ROUTES });
    expect(authorizerEnvironmentSizeProblem(env)).toBeUndefined();
    const many = Array.from({ length: 200 }, (_, index) => ({ method: 'GET' as const, path: `/resource-${index}`, scopes: { allOf: ['invoice_read'] } }));
    const problem = authorizerEnvironmentSizeProblem(authorizerConfigToEnv({ issuer: 'https://as.example.com', clientId: 'c', routes: many }));
    expect(problem).toMatch(/^the authorizer's environment would be \d+ bytes \(the routes take \d+\); Lambda allows 4096/);
    expect(authorizerEnvironmentSizeProblem(env, () => 1000)).toMatch(/would be \d+ bytes/);
  });
});
