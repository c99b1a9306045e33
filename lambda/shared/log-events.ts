// Events that are not decisions but that an operator counts: each is one log line and one metric.
// The fields are typed per event, so no free-form value (a token, a secret) can ride along.
import type { LogLevel } from './config';
import type { DynamoDbErrorKind } from './metric-names';

export interface LogEventFields {
  /**
   * The JWKS was fetched again (`reason`: an unknown `kid`, or the cached set expired). `failed`: the
   * refetch failed, answered (4xx, a body that is not a key set) or not (network error, timeout, 5xx);
   * after no answer the last good set, `keysAgeMs` old, stays in use for up to 24 h past its 10-minute
   * max age.
   */
  jwks_refresh: {
    readonly reason?: 'unknown_kid' | 'expired';
    readonly kid?: string;
    readonly durationMs?: number;
    readonly failed?: boolean;
    readonly keysAgeMs?: number;
  };
  /** A DynamoDB call of the cache failed or was throttled; the request went on to the AS. */
  dynamodb_error: {
    readonly kind: DynamoDbErrorKind;
    readonly operation?: 'GetItem' | 'PutItem' | 'DeleteItem';
    /** The SDK's error name, e.g. `ProvisionedThroughputExceededException`. */
    readonly errorName?: string;
    readonly requestId?: string;
  };
  /** The client credentials were read again from Secrets Manager after the AS refused them. */
  secret_refresh: { readonly requestId?: string };
  /**
   * A DynamoDB cache entry failed verification (its JWT, or its identity against its JWT) and was
   * treated as a miss. `reason`: the error code (ERR_JWT_SIGNATURE, ERR_CLAIM_MISMATCH, ...).
   */
  cache_entry_rejected: { readonly reason: string; readonly requestId?: string };
  /** The revocation poll failed; requests are decided with the revocations known before, until the next poll. */
  revocation_poll_failed: { readonly kind: DynamoDbErrorKind; readonly errorName?: string };
  /**
   * The revocation receiver handled a SET (`set`) or an operator call (`operator`). `outcome`: `applied`,
   * `duplicate` (a SET already applied: nothing done again), `rejected` (`err` says why; nothing changed),
   * `unavailable` (the keys or the table could not be reached; nothing changed). `flush`: what became of
   * the API Gateway authorizer cache flush.
   */
  revocation_received: {
    readonly source: 'set' | 'operator';
    readonly outcome: 'applied' | 'duplicate' | 'rejected' | 'unavailable';
    readonly err?: string;
    readonly applied?: number;
    readonly kinds?: string;
    readonly flush?: 'done' | 'failed' | 'off';
    readonly durationMs?: number;
  };
}
export type LogEventName = keyof LogEventFields;

export const LOG_EVENT_LEVEL: Readonly<Record<LogEventName, LogLevel>> = {
  jwks_refresh: 'info',
  dynamodb_error: 'warn',
  secret_refresh: 'warn',
  cache_entry_rejected: 'warn',
  revocation_poll_failed: 'warn',
  revocation_received: 'info',
};

/** The field names each event may carry; anything else on the object is dropped before logging. */
export const LOG_EVENT_FIELD_NAMES: Readonly<Record<LogEventName, readonly string[]>> = {
  jwks_refresh: ['reason', 'kid', 'durationMs', 'failed', 'keysAgeMs'],
  dynamodb_error: ['kind', 'operation', 'errorName', 'requestId'],
  secret_refresh: ['requestId'],
  cache_entry_rejected: ['reason', 'requestId'],
  revocation_poll_failed: ['kind', 'errorName'],
  revocation_received: ['source', 'outcome', 'err', 'applied', 'kinds', 'flush', 'durationMs'],
};
