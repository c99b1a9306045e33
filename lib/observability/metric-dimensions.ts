// The closed sets of the handlers' metric dimensions, as jsii enums. Their values are the names the
// handlers emit (lambda/shared/metric-names.ts, decision-log.ts); test/lib/jsii/enum-values.test.ts keeps them equal.

/** A decision's outcome (the `Outcome` dimension). */
export enum DecisionOutcome {
  ALLOW = 'allow',
  /** 403: the token lacks the route's scopes. */
  DENY = 'deny',
  /** 401: no token, or a malformed, inactive or expired one. */
  UNAUTHORIZED = 'unauthorized',
  /** 503: the AS could not be reached. */
  UNAVAILABLE = 'unavailable',
  /** A fault of the authorizer itself. */
  ERROR = 'error',
}

/** The cache tier that answered a lookup (the `CacheTier` dimension). */
export enum CacheTier {
  MEMORY = 'memory',
  DYNAMODB = 'dynamodb',
  /** The negative cache of inactive tokens. */
  NEGATIVE = 'negative',
}

/** Kind of a failed AS call (the `ErrorKind` dimension of AS errors). */
export enum AsErrorKind {
  TIMEOUT = 'timeout',
  NETWORK = 'network',
  HTTP_5XX = 'http_5xx',
  CLIENT_AUTH = 'client_auth',
  INVALID_RESPONSE = 'invalid_response',
  UNAVAILABLE = 'unavailable',
}

/** Kind of a failed DynamoDB call of the cache (the `ErrorKind` dimension of DynamoDB errors). */
export enum DynamoDbErrorKind {
  THROTTLE = 'throttle',
  TIMEOUT = 'timeout',
  NETWORK = 'network',
  ACCESS_DENIED = 'access_denied',
  OTHER = 'other',
}
