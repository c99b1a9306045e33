// A cold start that cannot build the authorizer answers every request with 503 (AuthorizerFailure
// ERR_CONFIG) and logs each as a decision with outcome `error` and its metrics, so the AuthorizerErrors
// alarm sees it. The line names the setting at fault, never its value (it may be a secret).
import { DecisionLogger } from '../shared/decision-log';
import { metricsSettingsOrDefault } from '../shared/emf';
import { ConfigError, isPhantomTokenError } from '../shared/errors';
import { normalizeEvent } from './events/normalize';
import type { AuthorizerEvent } from './types';

export function logConfigFailure(error: unknown, event: AuthorizerEvent, context: { awsRequestId?: string } | undefined): void {
  let route: string | undefined;
  let requestId = context?.awsRequestId;
  try {
    const request = normalizeEvent(event);
    route = `${request.method} ${request.path}`;
    requestId = request.requestId ?? requestId;
  } catch {
    // The event may be as broken as the configuration: the line goes out without a route.
  }
  // Built from defaults, not from the configuration: the faulty setting may be the log level or the
  // metrics switch itself.
  new DecisionLogger('info', undefined, { metrics: metricsSettingsOrDefault(process.env) }).decision({
    component: 'authorizer',
    outcome: 'error',
    reason: isPhantomTokenError(error) ? error.code : 'ERR_INTERNAL',
    setting: error instanceof ConfigError ? error.setting : undefined,
    route,
    requestId,
  });
}
