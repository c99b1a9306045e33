// localAuthorizer: the real authorizer, configured for loopback, in one call. Its settings take the
// environment round trip a deployed function's do (authorizerConfigToEnv, then authorizerConfigFromEnv),
// so they are validated and defaulted exactly as at a Lambda cold start.
import { createAuthorizerHandler, type AuthorizerDeps } from '../lambda/authorizer';
import { authorizerConfigFromEnv, authorizerConfigToEnv, type AuthorizerSettings } from '../lambda/shared/config';
import type { RequestAuthorizer } from './gateway';

/**
 * A REQUEST authorizer for `startLocalGateway`: `settings` are the authorizer's (issuer, clientId,
 * clientSecret, routes, exchangeMode, ...), with `localMode` on (http allowed, loopback AS).
 * `deps` injects what the authorizer would otherwise make (`logSink`, `dynamoDb`, `fetch`, ...).
 */
export function localAuthorizer(settings: AuthorizerSettings, deps: Partial<AuthorizerDeps> = {}): RequestAuthorizer {
  return createAuthorizerHandler(authorizerConfigFromEnv(authorizerConfigToEnv({ localMode: true, ...settings })), deps);
}
