// The authorizer function's environment: the shared runtime contract (`authorizerConfigToEnv`), so the
// names the handler reads cannot drift, and Lambda's 4 KB limit measured on it.
import { Duration, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { authorizerConfigToEnv } from '../../lambda/shared/config';
import { AUTHORIZER_ENV } from '../../lambda/shared/env-names';
import { needsPerRouteCacheKeys } from '../../lambda/shared/route-overlap';
import { ClientAuthMethod } from '../client-credentials';
import { ExchangeMode, JwtExchange } from '../jwt-exchange';
import type { RouteRule } from '../route-rule';
import { RestAuthorizerType, type AuthorizationServerOptions, type AuthorizerFunctionOptions } from './authorizer-options';
import { isWholeSeconds } from '../prop-problems';
import { DEFAULT_RESULTS_CACHE_TTL, LAMBDA_ENV_LIMIT_BYTES } from './limits';
import { resultsCacheTtlFor } from '../sender-constraint-options';

/** What the environment is built from: the authorizer's props, the gateway's before it has built the table. */
export interface AuthorizerEnvironmentInput extends AuthorizationServerOptions, AuthorizerFunctionOptions {
  readonly routes: RouteRule[];
  readonly cacheTable?: dynamodb.ITableV2;
}

/** The TTL API Gateway's authorizer gets: the prop or its default, 0 when bound tokens turn the cache off. */
export function gatewayResultsCacheTtl(props: Pick<AuthorizerEnvironmentInput, 'resultsCacheTtl' | 'senderConstrainedTokens'>): Duration {
  return resultsCacheTtlFor(props, props.resultsCacheTtl ?? DEFAULT_RESULTS_CACHE_TTL);
}

/** `routesNeedPerRouteKeys`: the table's cachesPerRoute, when the caller has it already. */
export function authorizerEnvironment(
  props: AuthorizerEnvironmentInput,
  routesNeedPerRouteKeys = needsPerRouteCacheKeys(props.routes ?? []),
): Record<string, string> {
  const exchange = props.exchange ?? JwtExchange.acceptJwt();
  const secret = props.clientCredentials?.secret;
  const gatewayCacheTtl = gatewayResultsCacheTtl(props).toSeconds();
  return authorizerConfigToEnv({
    issuer: props.issuer,
    introspectionEndpoint: props.introspectionEndpoint,
    tokenEndpoint: props.tokenEndpoint,
    jwksUri: props.jwksUri,
    exchangeMode: exchange.mode ?? ExchangeMode.ACCEPT_JWT,
    jwtField: exchange.jwtField,
    exchangeAudience: exchange.audience,
    exchangeScope: exchange.scope,
    jwtAudience: props.jwtAudience,
    clientId: props.clientId,
    // client_secret_basic is the runtime's default: only another method takes room in the 4 KB environment.
    clientAuthMethod: props.clientCredentials?.method === ClientAuthMethod.CLIENT_SECRET_BASIC ? undefined : props.clientCredentials?.method,
    clientSecretArn: typeof secret?.secretArn === 'string' ? secret.secretArn : undefined,
    cacheTable: props.cacheTable?.tableName,
    cacheMaxTtlSeconds: props.cacheMaxTtl?.toSeconds(),
    honorNoStore: props.honorNoStore,
    negativeCacheSeconds: props.negativeCacheTtl?.toSeconds(),
    revocationPollIntervalMs: props.revocationPollInterval?.toMilliseconds(),
    memoryCacheEntries: props.memoryCacheEntries,
    asTimeoutMs: props.asTimeout?.toMilliseconds(),
    allowedAlgorithms: props.allowedAlgorithms,
    clockToleranceSeconds: props.clockTolerance?.toSeconds(),
    routes: props.routes ?? [],
    // The REST REQUEST authorizer's cache keys then name the route (see restAuthorizer), so the function
    // answers for that route alone. A TOKEN authorizer's cannot: it keeps the whole-table answer.
    cachesPerRoute: (props.restAuthorizerType ?? RestAuthorizerType.REQUEST) === RestAuthorizerType.REQUEST && routesNeedPerRouteKeys,
    // The function claims refill leases only where the gateway's cache can send a burst (refill-lease.ts).
    // The TTL API Gateway's authorizer gets (gatewayResultsCacheTtl); the default takes no room: the
    // runtime's default is the same one.
    gatewayCacheTtlSeconds: gatewayCacheTtl === DEFAULT_RESULTS_CACHE_TTL.toSeconds() ? undefined : gatewayCacheTtl,
    logLevel: props.logLevel,
    // Written only when bound tokens are accepted: the other three apply to them alone.
    ...(props.senderConstrainedTokens
      ? {
          senderConstrained: true,
          dpopAlgorithms: props.dpopAlgorithms,
          dpopProofWindowSeconds: props.dpopProofWindow?.toSeconds(),
          publicBaseUrl: props.publicBaseUrl,
        }
      : {}),
  });
}

/** Lambda's 4 KB environment limit, measured on the variables these props produce. */
export function authorizerEnvironmentProblem(props: AuthorizerEnvironmentInput): string | undefined {
  // A fractional-second Duration is reported under its own name; the environment cannot be built from it.
  if (![props.cacheMaxTtl, props.negativeCacheTtl, props.clockTolerance, props.dpopProofWindow, props.resultsCacheTtl].every(isWholeSeconds)) return undefined;
  if (props.revocationPollInterval && !Number.isInteger(props.revocationPollInterval.toMilliseconds({ integral: false }))) return undefined;
  const env = authorizerEnvironment(props);
  const envBytes = environmentBytes(env);
  if (envBytes <= LAMBDA_ENV_LIMIT_BYTES) return undefined;
  const routesBytes = Buffer.byteLength(env[AUTHORIZER_ENV.routes] ?? '');
  return `the authorizer's environment would be ${envBytes} bytes (the routes take ${routesBytes}); Lambda allows ${LAMBDA_ENV_LIMIT_BYTES}. Use fewer, broader routes (e.g. {proxy+})`;
}

/** Bytes Lambda counts for the variables; an unresolved token (an ARN, a table name) counted as 128. */
function environmentBytes(env: Readonly<Record<string, string>>): number {
  const bytes = (text: string) => (Token.isUnresolved(text) ? 128 : Buffer.byteLength(text));
  return Object.entries(env).reduce((sum, [name, value]) => sum + bytes(name) + bytes(value), 0);
}
