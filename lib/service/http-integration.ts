// The integration of an HTTP backend: the route's path appended to the base URL, path parameters passed
// through, and the JWT as the Authorization header in place of the client's opaque token.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { AUTHORIZER_CONTEXT } from '../../lambda/shared/env-names';
import { pathSegments } from '../../lambda/shared/routes';
import type { RouteRule } from '../route-rule';

export interface RouteIntegration {
  readonly integration: apigateway.Integration;
  readonly requestParameters?: Record<string, boolean>;
}

/** HTTP proxy to `<baseUrl><path>`, path parameters passed through, the JWT as the Authorization header. */
export function httpIntegration(baseUrl: string, route: RouteRule, vpcLink?: apigateway.IVpcLink): RouteIntegration {
  const names = pathSegments(route.path)
    .filter((segment) => segment.startsWith('{'))
    .map((segment) => segment.slice(1, -1).replace(/\+$/, ''));
  const requestParameters: Record<string, boolean> = {};
  const integrationParameters: Record<string, string> = {
    'integration.request.header.Authorization': `context.authorizer.${AUTHORIZER_CONTEXT.authorization}`,
  };
  for (const name of names) {
    requestParameters[`method.request.path.${name}`] = true;
    integrationParameters[`integration.request.path.${name}`] = `method.request.path.${name}`;
  }
  const integration = new apigateway.HttpIntegration(backendUrl(baseUrl, route), {
    httpMethod: route.method,
    proxy: true,
    options: {
      requestParameters: integrationParameters,
      ...(vpcLink ? { connectionType: apigateway.ConnectionType.VPC_LINK, vpcLink } : {}),
    },
  });
  return { integration, requestParameters };
}

/** `<baseUrl><path>`, a greedy `{proxy+}` written `{proxy}` (both kinds of API fill it in so). */
export function backendUrl(baseUrl: string, route: RouteRule): string {
  return `${baseUrl.replace(/\/+$/, '')}${route.path.replace(/\{(\w+)\+\}/, '{$1}')}`;
}
