// The shapes the authorizer speaks: the three API Gateway event kinds it accepts, what it answers, the
// normalized request the core works on, and the I/O a caller may inject.
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LogSink } from '../shared/decision-log';
import type { SenderEvidence } from './sender-constraint/request-evidence';

/** REST API REQUEST (the default), REST API TOKEN, or HTTP API payload 2.0. */
export type AuthorizerEvent = APIGatewayRequestAuthorizerEvent | APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEventV2;

export type AuthorizerContextValues = Record<string, string | number | boolean>;

/** A REST API IAM policy answer, or an HTTP API simple answer. */
export type AuthorizerResult = APIGatewayAuthorizerResult | APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContextValues>;

export type EventKind = 'rest-request' | 'rest-token' | 'http-v2';

/** What the core needs from any event kind. */
export interface NormalizedRequest {
  readonly kind: EventKind;
  /** Every value of the Authorization header (or the TOKEN event's token): more than one is a 401. */
  readonly authorization: readonly string[];
  readonly method: string;
  /** Resource template when the event carries one, else the concrete path. */
  readonly path: string;
  /**
   * How `path` names the route: `template` (REST `resource`, an HTTP API route key) is matched exactly, a
   * method on a resource the table lacks being unknown; `concrete` (a TOKEN event's method ARN) is
   * matched as API Gateway's resource tree would; `none` (the HTTP API `$default` route, whose cached
   * answer API Gateway reuses for every path) names no route the authorizer may judge.
   */
  readonly routeBy: 'template' | 'concrete' | 'none';
  /** REST: the method ARN the policy is judged against; HTTP API: the route ARN. */
  readonly methodArn: string;
  readonly requestId?: string;
  /**
   * The DPoP proofs, public URL and client certificate a bound token is checked against; none for TOKEN
   * events. Read on demand: a bearer token's request never pays for it.
   */
  readonly sender?: () => SenderEvidence;
}

/** Reads a Secrets Manager secret's string value. */
export type SecretReader = (secretId: string) => Promise<string>;

export interface AuthorizerDeps {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Where decision lines go (default stdout). */
  readonly logSink: LogSink;
  /** Tier-2 client; built from config (table + endpoint) when absent. */
  readonly dynamoDb: DynamoDBClient;
  readonly fetch: typeof globalThis.fetch;
  /** Secrets Manager access; the SDK client is loaded lazily when absent. */
  readonly readSecret: SecretReader;
}
