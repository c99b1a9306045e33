// The metrics contract between the handlers (which emit them as CloudWatch embedded metric format) and
// the constructs (which build `Metric`s, alarms and the dashboard on them). Dependency-free, so `lib/`
// can import it at synth without pulling in the runtime's libraries.

export const METRICS_NAMESPACE = 'PhantomToken';

/** Metric names, as they appear in CloudWatch. */
export const METRIC = {
  /** Count, one per decision. Dimensions: service; service + Outcome; service + Reason. */
  decisions: 'Decisions',
  /** Count, one per lookup answered by a cache tier. Dimensions: service; service + CacheTier. */
  cacheHits: 'CacheHits',
  /** Count, one per lookup that no tier could answer. Dimensions: service. */
  cacheMisses: 'CacheMisses',
  /** Count, one per call to the authorization server (answered or failed). Dimensions: service. */
  asCalls: 'AsCalls',
  /** Milliseconds, per call to the authorization server that was timed. Dimensions: service. */
  asLatency: 'AsLatency',
  /** Count, one per failed call to the authorization server. Dimensions: service; service + ErrorKind. */
  asErrors: 'AsErrors',
  /** Milliseconds, the handler's time for one decision. Dimensions: service. */
  decisionDuration: 'DecisionDuration',
  /** Count, one per failed or throttled DynamoDB call of the cache. Dimensions: service; service + ErrorKind. */
  dynamoDbErrors: 'DynamoDbErrors',
  /** Count, one per JWKS fetch after the first (unknown `kid` or expiry). Dimensions: service. */
  jwksRefreshes: 'JwksRefreshes',
  /** Count, one per re-read of the client credentials after the AS refused them. Dimensions: service. */
  secretRefreshes: 'SecretRefreshes',
  /** Count, one per validator decision a policy took part in. Dimensions: service; service + PolicyEngine. */
  policyDecisions: 'PolicyDecisions',
  /** Milliseconds, the policy's time for one decision. Dimensions: service; service + PolicyEngine. */
  policyLatency: 'PolicyLatency',
  /** Count, one per decision a revocation refused. Dimensions: service. */
  revocationRefusals: 'RevocationRefusals',
  /** Milliseconds from a revocation to its first refusal in an instance. Dimensions: service. */
  revocationDelay: 'RevocationDelay',
  /** Count, one per failed revocation poll. Dimensions: service. */
  revocationPollFailures: 'RevocationPollFailures',
  /** Count, revocations the receiver was sent (SET events and operator calls). Dimensions: service. */
  revocationsReceived: 'RevocationsReceived',
  /** Count, revocations the receiver recorded. Dimensions: service. */
  revocationsApplied: 'RevocationsApplied',
  /** Count, SETs and calls the receiver refused (bad signature, replay, bad request). Dimensions: service + ErrorKind. */
  revocationsRejected: 'RevocationsRejected',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Dimension names. All low-cardinality: never a subject, a client id or a token hash. */
export const DIMENSION = {
  /** The function that emitted the metric (its Lambda function name). */
  service: 'service',
  outcome: 'Outcome',
  reason: 'Reason',
  cacheTier: 'CacheTier',
  errorKind: 'ErrorKind',
  policyEngine: 'PolicyEngine',
} as const;

/** The validator's policy engines (a closed list: the PolicyEngine dimension's values). */
export const POLICY_ENGINES = ['hook', 'cedar', 'verified-permissions', 'opa', 'custom'] as const;

/** Why a call to the AS failed, finer than the reason code. */
export const AS_ERROR_KINDS = ['timeout', 'network', 'http_5xx', 'client_auth', 'invalid_response', 'unavailable'] as const;
export type AsErrorKind = (typeof AS_ERROR_KINDS)[number];

/** The kind an AS reason code stands for when the handler gave no finer `asErrorKind`. */
export const AS_ERROR_KIND_BY_REASON: Readonly<Record<string, AsErrorKind>> = {
  ERR_AS_UNAVAILABLE: 'unavailable',
  ERR_AS_RESPONSE_INVALID: 'invalid_response',
  ERR_AS_CLIENT_AUTH: 'client_auth',
};

export const DYNAMODB_ERROR_KINDS = ['throttle', 'timeout', 'network', 'access_denied', 'other'] as const;
export type DynamoDbErrorKind = (typeof DYNAMODB_ERROR_KINDS)[number];

/** Environment switch for the metrics: `on`, `off`, or unset (on inside Lambda, off elsewhere). */
export const METRICS_ENV = { metrics: 'PHANTOM_METRICS' } as const;
