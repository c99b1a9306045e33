// The HTTP API integrations of a service's backend: a Lambda proxy (payload 2.0, one per service), an
// HTTP URL (one per route, the route's path appended) or a private integration through a VPC link. HTTP
// API parameter mapping may not touch `Authorization` (a reserved header), so an HTTP backend receives
// the JWT in JWT_HEADER, overwritten with the authorizer's value whatever the client sent in it.
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AUTHORIZER_CONTEXT } from '../../lambda/shared/env-names';
import type { RouteRule } from '../route-rule';
import { backendUrl } from './http-integration';
import { ServiceBackend } from './service-backend';

/** The header an HTTP API gives an HTTP backend the JWT in: `Bearer <jwt>`. */
export const HTTP_API_JWT_HEADER = 'x-phantom-authorization';

function jwtMapping(): apigwv2.ParameterMapping {
  return new apigwv2.ParameterMapping().overwriteHeader(HTTP_API_JWT_HEADER, apigwv2.MappingValue.contextVariable(`authorizer.${AUTHORIZER_CONTEXT.authorization}`));
}

/** The integration of each route: Lambda and private backends share one, an HTTP URL backend has one per route. */
export function httpApiIntegrations(id: string, backend: ServiceBackend, fn: lambda.IFunction | undefined): (route: RouteRule) => apigwv2.HttpRouteIntegration {
  if (fn) {
    // One invoke permission for the whole API, as on a REST API, not one per route.
    const integration = new integrations.HttpLambdaIntegration(`${id}Integration`, fn, { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0, scopePermissionToRoute: false });
    return () => integration;
  }
  if (backend.applicationListener || backend.networkListener) {
    const options = { vpcLink: backend.privateVpcLink, parameterMapping: jwtMapping() };
    const integration = backend.applicationListener
      ? new integrations.HttpAlbIntegration(`${id}Integration`, backend.applicationListener, options)
      : new integrations.HttpNlbIntegration(`${id}Integration`, backend.networkListener!, options);
    return () => integration;
  }
  return (route) => new integrations.HttpUrlIntegration(`${id}${route.method}${route.path}`, backendUrl(backend.httpUrl!, route), {
    method: route.method as string as apigwv2.HttpMethod,
    parameterMapping: jwtMapping(),
  });
}
