// One JSON line per request: what was asked, which route answered, how the request was authorized and how
// long each part took. Fields are listed so a token, JWT or secret cannot slip in.
import type { GatewayResponseKind } from '../../lambda/shared/gateway-responses';
import type { HttpApiAnswer } from './http-api-answers';

export type AuthorizationMode = 'cache' | 'authorizer' | 'skipped' | 'off';

export interface AccessRecord {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** `GET /invoices/{id}`, or undefined when no route matched. */
  readonly route?: string;
  readonly status: number;
  readonly authorization: AuthorizationMode;
  /** The gateway response served instead of the integration, if any. */
  readonly gatewayResponse?: GatewayResponseKind | 'MISSING_AUTHENTICATION_TOKEN' | 'INTEGRATION_FAILURE' | 'REQUEST_TOO_LARGE' | HttpApiAnswer;
  readonly reason?: string;
  readonly principalId?: string;
  readonly authorizerMs?: number;
  readonly integrationMs?: number;
  readonly durationMs: number;
}

export type AccessLogSink = (line: string) => void;

export function accessLogLine(record: AccessRecord, time: Date = new Date()): string {
  return JSON.stringify({ level: 'info', time: time.toISOString(), msg: 'access', component: 'local-gateway', ...record });
}
