// What an HTTP API answers by itself. It has no gateway responses to customise: these bodies and status
// codes are API Gateway's own, and a caller of the deployed HTTP API sees exactly them.
import type { ServerResponse } from 'node:http';

export type HttpApiAnswer = 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'AUTHORIZER_FAILURE' | 'INTEGRATION_FAILURE' | 'INTEGRATION_TIMEOUT' | 'TOO_LARGE';

const ANSWERS: Readonly<Record<HttpApiAnswer, { readonly status: number; readonly message: string }>> = {
  /** No identity source, or the authorizer threw `Unauthorized`. */
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  /** The authorizer answered `isAuthorized: false`. */
  FORBIDDEN: { status: 403, message: 'Forbidden' },
  /** No route matches the method and path (and there is no `$default` route). */
  NOT_FOUND: { status: 404, message: 'Not Found' },
  /** The authorizer failed (any other error, a timeout, an invalid answer): the AS being down lands here. */
  AUTHORIZER_FAILURE: { status: 500, message: 'Internal Server Error' },
  /** The Lambda integration threw or answered something that is not a response. */
  INTEGRATION_FAILURE: { status: 500, message: 'Internal Server Error' },
  INTEGRATION_TIMEOUT: { status: 503, message: 'Service Unavailable' },
  TOO_LARGE: { status: 413, message: 'Request Entity Too Large' },
};

export function writeHttpApiAnswer(response: ServerResponse, answer: HttpApiAnswer, requestId: string): number {
  const { status, message } = ANSWERS[answer];
  const body = JSON.stringify({ message });
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'apigw-requestid': requestId });
  response.end(body);
  return status;
}
