// The opt-in alarms and dashboard of a gateway or an authorizer, made in one call from their props.
import { Construct } from 'constructs';
import { PropProblems } from '../prop-problems';
import { PhantomTokenMetrics } from './authorizer-metrics';
import type { IGatewayMetrics } from './gateway-metrics';
import { alarmOptionsProblems, PhantomTokenAlarms, type PhantomTokenAlarmOptions } from './phantom-token-alarms';
import { PhantomTokenDashboard, type PhantomTokenDashboardOptions } from './phantom-token-dashboard';

/** The opt-in operations props, shared by the constructs that offer them. */
export interface OperationsViewsOptions {
  /**
   * CloudWatch alarms (AS error rate, AS latency p99, authorizer errors, gateway 5xx, cache hit ratio);
   * `{}` for the default thresholds. Give a `topic` to be notified.
   * @default - no alarms
   */
  readonly alarms?: PhantomTokenAlarmOptions;
  /**
   * A CloudWatch dashboard with the figures an operator looks at first; `{}` for the defaults.
   * @default - no dashboard
   */
  readonly dashboard?: PhantomTokenDashboardOptions;
}

/** What `addOperationsViews` made. */
export interface OperationsViews {
  readonly alarms?: PhantomTokenAlarms;
  readonly dashboard?: PhantomTokenDashboard;
}

/** Files every problem with the options under `alarms.` (the dashboard options have none). */
export function operationsViewsProblems(problems: PropProblems, options: OperationsViewsOptions): void {
  if (options.alarms !== undefined) alarmOptionsProblems(problems.prefixed('alarms.'), options.alarms);
}

/** Makes the alarms (`Alarms`) and the dashboard (`Dashboard`) that the options ask for, under `scope`. */
export function addOperationsViews(
  scope: Construct,
  metrics: PhantomTokenMetrics,
  options: OperationsViewsOptions,
  gatewayMetrics?: IGatewayMetrics,
): OperationsViews {
  const alarms = options.alarms
    ? new PhantomTokenAlarms(scope, 'Alarms', { ...options.alarms, metrics, gatewayMetrics })
    : undefined;
  const dashboard = options.dashboard
    ? new PhantomTokenDashboard(scope, 'Dashboard', {
        ...options.dashboard,
        metrics,
        gatewayMetrics,
        alarms: alarms?.all,
      })
    : undefined;
  return { alarms, dashboard };
}
