// The authorizer's fixed limits and defaults, in one place; `PhantomTokenAuthorizer` exposes them as
// static members.
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LIMITS } from '../../lambda/shared/config';
import { DEFAULT_RESULTS_CACHE_TTL_SECONDS } from '../../lambda/shared/gateway-defaults';

/** The newest Node.js runtime in aws-cdk-lib; the bundles target Node.js 22, which it runs unchanged. */
export const DEFAULT_NODEJS_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Lambda allows 4 KB of environment variables in all (names and values). */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

/**
 * API Gateway waits at most 10 s for a Lambda authorizer's response ("Timeout for Lambda authorizer
 * response: 10000 ms, cannot be increased", HTTP API quotas,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html; a REST API gives up
 * on an authorizer at the same bound, AUTHORIZER_APIGW_TIMEOUT). A longer function timeout buys nothing.
 */
export const MAX_AUTHORIZER_TIMEOUT_SECONDS = 10;

/** API Gateway's own authorizer result cache: at most an hour. */
export const MAX_RESULTS_CACHE_TTL_SECONDS = 3600;

/** 60 s, local mode's default too (lambda/shared/gateway-defaults.ts says why). */
export const DEFAULT_RESULTS_CACHE_TTL = Duration.seconds(DEFAULT_RESULTS_CACHE_TTL_SECONDS);

/** Problems with a runtime override: Node.js 22 or newer only. */
export function runtimeProblems(runtime: lambda.Runtime | undefined): string[] {
  if (runtime === undefined) return [];
  const major = /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1];
  return major !== undefined && Number(major) >= 22 ? [] : [`must be a Node.js runtime, 22 or newer, got ${runtime.name}`];
}

/** The authorizers' poll interval: whole milliseconds within the runtime's limits (0 turns polling off). */
export function revocationPollIntervalProblems(interval: Duration | undefined): string[] {
  if (interval === undefined || interval.isUnresolved()) return [];
  const L = LIMITS.revocationPollIntervalMs;
  const ms = interval.toMilliseconds({ integral: false });
  return Number.isInteger(ms) && ms >= L.min && ms <= L.max ? [] : [`must be between ${L.min} and ${L.max} ms, got ${ms}`];
}
