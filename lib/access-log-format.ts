// The gateway's access log: one JSON line per request. API Gateway can only log what `$context` holds;
// the fields below name neither the Authorization header nor the authorizer's `jwt`/`authorization`
// context values, so neither the opaque token nor the JWT ever lands in the log.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseType: '$context.error.responseType',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatency: '$context.authorizer.latency',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.sub',
  clientId: '$context.authorizer.client_id',
};

/** The access log format the gateway uses. */
export function phantomTokenAccessLogFormat(): apigateway.AccessLogFormat {
  return apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS));
}
