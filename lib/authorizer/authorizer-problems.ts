// Every problem with the authorizer's props, filed in the caller's PropProblems: the authorizer under
// its own path, the gateway ahead of time under `authorization.`.
import { Token } from 'aws-cdk-lib';
import { LIMITS } from '../../lambda/shared/config';
import { DEFAULT_AUTHORIZER_TIMEOUT_SECONDS } from '../../lambda/shared/gateway-defaults';
import { ClientCredentials } from '../client-credentials';
import { JwtAlgorithm } from '../jwt-algorithm';
import { PropProblems } from '../prop-problems';
import { endpointProblems, routeProblems } from '../shared-checks';
import { authorizerEnvironmentProblem, type AuthorizerEnvironmentInput } from './authorizer-environment';
import { RestAuthorizerType, type AuthorizationServerOptions, type AuthorizerFunctionOptions } from './authorizer-options';
import { MAX_AUTHORIZER_TIMEOUT_SECONDS, MAX_RESULTS_CACHE_TTL_SECONDS, revocationPollIntervalProblems, runtimeProblems } from './limits';

const ALGORITHMS: readonly string[] = Object.values(JwtAlgorithm);

/** The authorizer's own props, routes included (the gateway checks its services' routes itself). */
export function phantomTokenAuthorizerProblems(problems: PropProblems, props: AuthorizerEnvironmentInput): void {
  authorizationProblems(problems, props);
  const routeTable = routeProblems(props.routes);
  problems.addAll('routes', routeTable);
  if (routeTable.length > 0) return; // bad routes cannot be serialised to measure the environment
  const tooLarge = authorizerEnvironmentProblem(props);
  if (tooLarge) problems.add('routes', tooLarge);
}

/** The AS and function settings, without routes. */
export function authorizationProblems(problems: PropProblems, props: AuthorizationServerOptions & AuthorizerFunctionOptions): void {
  authorizationServerProblems(problems, props);
  problems.wholeSecondsWithin('resultsCacheTtl', props.resultsCacheTtl, 0, MAX_RESULTS_CACHE_TTL_SECONDS);
  problems.integerWithin('memorySize', props.memorySize, 128, 10240);
  problems.wholeSecondsWithin('timeout', props.timeout, 1, MAX_AUTHORIZER_TIMEOUT_SECONDS);
  const asTimeoutMs = props.asTimeout?.toMilliseconds() ?? LIMITS.asTimeoutMs.default;
  const timeoutMs = props.timeout?.toMilliseconds() ?? DEFAULT_AUTHORIZER_TIMEOUT_SECONDS * 1000;
  if (!props.asTimeout?.isUnresolved() && !props.timeout?.isUnresolved() && timeoutMs <= asTimeoutMs) {
    problems.add('timeout', `must exceed asTimeout (${asTimeoutMs} ms) so a slow AS yields 503, not a killed function`);
  }
  problems.addAll('runtime', runtimeProblems(props.runtime));
  senderConstraintProblems(problems, props);
}

/** The sender-constraint props, and what accepting bound tokens asks of the API Gateway authorizers. */
function senderConstraintProblems(problems: PropProblems, props: AuthorizationServerOptions & AuthorizerFunctionOptions): void {
  const L = LIMITS.dpopProofWindowSeconds;
  problems.wholeSecondsWithin('dpopProofWindow', props.dpopProofWindow, L.min, L.max);
  algorithmListProblems(problems, 'dpopAlgorithms', props.dpopAlgorithms);
  if (props.publicBaseUrl !== undefined) problems.addAll('publicBaseUrl', endpointProblems(props.publicBaseUrl, false));
  if (!props.senderConstrainedTokens) {
    for (const [prop, value] of Object.entries({ dpopAlgorithms: props.dpopAlgorithms, dpopProofWindow: props.dpopProofWindow, publicBaseUrl: props.publicBaseUrl })) {
      if (value !== undefined) problems.add(prop, 'applies only with senderConstrainedTokens: true');
    }
    return;
  }
  const ttl = props.resultsCacheTtl;
  if (ttl !== undefined && !ttl.isUnresolved() && ttl.toSeconds({ integral: false }) > 0) {
    problems.add('senderConstrainedTokens, resultsCacheTtl', 'conflict: API Gateway would answer a replayed DPoP proof (or another certificate) from its result cache; leave resultsCacheTtl unset or 0');
  }
  if (props.restAuthorizerType === RestAuthorizerType.TOKEN) {
    problems.add('senderConstrainedTokens, restAuthorizerType', 'conflict: a TOKEN authorizer receives neither the DPoP header nor the client certificate; use REQUEST');
  }
}

function authorizationServerProblems(problems: PropProblems, props: AuthorizationServerOptions): void {
  for (const [prop, value] of Object.entries({
    issuer: props.issuer,
    introspectionEndpoint: props.introspectionEndpoint,
    tokenEndpoint: props.tokenEndpoint,
    jwksUri: props.jwksUri,
  })) {
    problems.addAll(prop, endpointProblems(value, prop === 'issuer'));
  }
  // That `exchange`, `clientCredentials` and `logLevel` are a JwtExchange, a ClientCredentials and a
  // LogLevel is their kind (construct-prop-kinds.ts), checked before these.
  if (props.exchange?.jwtField !== undefined && props.exchange.jwtField.trim() === '') {
    problems.add('exchange.jwtField', 'must not be empty');
  }
  if (!Token.isUnresolved(props.clientId) && !props.clientId?.trim()) problems.add('clientId', 'is required');
  clientCredentialsProblems(problems, props.clientCredentials);
  const L = LIMITS;
  problems.wholeSecondsWithin('cacheMaxTtl', props.cacheMaxTtl, L.cacheMaxTtlSeconds.min, L.cacheMaxTtlSeconds.max);
  problems.wholeSecondsWithin('negativeCacheTtl', props.negativeCacheTtl, L.negativeCacheSeconds.min, L.negativeCacheSeconds.max);
  problems.addAll('revocationPollInterval', revocationPollIntervalProblems(props.revocationPollInterval));
  problems.integerWithin('memoryCacheEntries', props.memoryCacheEntries, L.memoryCacheEntries.min, L.memoryCacheEntries.max);
  if (props.asTimeout && !props.asTimeout.isUnresolved()) {
    const ms = props.asTimeout.toMilliseconds();
    if (ms < L.asTimeoutMs.min || ms > L.asTimeoutMs.max) problems.add('asTimeout', `must be between ${L.asTimeoutMs.min} and ${L.asTimeoutMs.max} ms, got ${ms}`);
  }
  problems.wholeSecondsWithin('clockTolerance', props.clockTolerance, L.clockToleranceSeconds.min, L.clockToleranceSeconds.max);
  algorithmListProblems(problems, 'allowedAlgorithms', props.allowedAlgorithms);
}

/** An algorithm allow-list: not empty, asymmetric algorithms only. */
function algorithmListProblems(problems: PropProblems, prop: string, algorithms: JwtAlgorithm[] | undefined): void {
  if (algorithms === undefined) return;
  if (algorithms.length === 0) problems.add(prop, 'must list at least one algorithm');
  for (const alg of algorithms) {
    if (!ALGORITHMS.includes(alg)) problems.add(prop, `"${alg}" is not one of ${ALGORITHMS.join(', ')} (asymmetric only)`);
  }
}

function clientCredentialsProblems(problems: PropProblems, credentials: ClientCredentials | undefined): void {
  if (!credentials) {
    problems.add('clientCredentials', 'is required (ClientCredentials.clientSecretBasic(secret) or ClientCredentials.privateKeyJwt(secret); never a plain string)');
    return;
  }
  const secret = credentials.secret;
  if (!secret || typeof secret.grantRead !== 'function' || typeof secret.secretArn !== 'string') {
    problems.add('clientCredentials', `needs an ISecret (e.g. secretsmanager.Secret.fromSecretNameV2), got ${typeof secret === 'string' ? 'a string' : typeof secret}; never pass the secret's value`);
  }
}
