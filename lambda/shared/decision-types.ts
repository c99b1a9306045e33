// The shapes the decision log, its metrics and the EMF serializer share, and nothing else: a types-only
// module, so decision-log.ts -> emf.ts / decision-metrics.ts need not import each other back.
import type { AsErrorKind, MetricName } from './metric-names';

export type DecisionOutcome = 'allow' | 'deny' | 'unauthorized' | 'unavailable' | 'error';
export type CacheTier = 'memory' | 'dynamodb' | 'miss' | 'negative';
/** `joined`: the request waited on another request's AS call for the same token (single flight). */
export type SingleFlight = 'joined';

export interface DecisionRecord {
  readonly component: 'authorizer' | 'validator';
  readonly outcome: DecisionOutcome;
  /** `OK` for an allow, otherwise the error code. */
  readonly reason: string;
  readonly route?: string;
  readonly cacheTier?: CacheTier;
  /** Set on the record of the request that called the AS (not on single-flight followers). */
  readonly asLatencyMs?: number;
  /**
   * `joined` on a single-flight follower: it waited on another request's AS call for the same token, so
   * its record counts no AS call, latency or AS error (the leader's record does).
   */
  readonly singleFlight?: SingleFlight;
  /** Finer than the ERR_AS_* reason: timeout, network, http_5xx, client_auth, invalid_response. */
  readonly asErrorKind?: AsErrorKind;
  readonly tokenHashPrefix?: string;
  readonly sub?: string;
  readonly clientId?: string;
  readonly requestId?: string;
  readonly durationMs?: number;
  /** On an `ERR_CONFIG` record: the environment variable or option at fault (its name, never its value). */
  readonly setting?: string;
  /** The validator's policy that decided (`cedar:invoices`), when one ran. */
  readonly policy?: string;
  /** Its engine: hook, cedar, verified-permissions, opa or custom. */
  readonly policyEngine?: string;
  /** Milliseconds the policy took (fractional: an in-process engine takes microseconds). */
  readonly policyMs?: number;
  /** On an `ERR_TOKEN_REVOKED` record: what the revocation named (`token`, `sub`, `client_id`, `sid`, `jti`, `email`). */
  readonly revokedBy?: string;
  /** On the first refusal by a revocation in an instance: milliseconds from the revocation to it. */
  readonly revocationDelayMs?: number;
  /** `failed`: this request's revocation poll failed; it was decided with the revocations known before. */
  readonly revocationPoll?: 'failed';
}

export type MetricUnitName = 'Count' | 'Milliseconds';

/** Metrics that share their dimension sets; each set is published with the `service` dimension too. */
export interface MetricFamily {
  readonly dimensionSets: readonly (readonly string[])[];
  readonly metrics: readonly { readonly name: MetricName; readonly unit: MetricUnitName }[];
}

/** What one log line reports: the families, the dimension values they name, the metric values. */
export interface MetricPoint {
  readonly families: readonly MetricFamily[];
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: Readonly<Partial<Record<MetricName, number>>>;
}
