// The HTTP API gateway's props: the same authorization, services and cache as the REST gateway's
// (GatewayCommonProps), and the HTTP API around them.
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { GatewayWebAclOptions } from '../gateway-web-acl';
import type { MutualTlsDomainOptions } from '../mutual-tls-domain';
import type { GatewayCommonProps } from './gateway-options';

export interface PhantomTokenHttpGatewayProps extends GatewayCommonProps {
  /**
   * An existing HTTP API to add the routes and the authorizer to. Not with `httpApiProps`,
   * `accessLogging`, `throttling`: its stage is yours. A `$default` route on it is refused at synth.
   * @default - a new HttpApi
   */
  readonly existingHttpApi?: apigwv2.IHttpApi;
  /**
   * Props for the new HttpApi. `defaultIntegration` is refused (a `$default` route would answer every
   * path no route names), and so is `createDefaultStage: true` (the gateway makes the `$default` stage,
   * with access logs and throttling).
   * @default - a new HttpApi named after the construct path
   */
  readonly httpApiProps?: apigwv2.HttpApiProps;
  /**
   * Refused: HTTP APIs cannot be associated with an AWS WAF web ACL. Put a CloudFront distribution with
   * a web ACL (scope CLOUDFRONT) in front of the API, and keep callers off the execute-api endpoint.
   * @default - no web ACL (the only accepted value)
   */
  readonly webAcl?: GatewayWebAclOptions;
  /**
   * AWS X-Ray tracing on the authorizer function and the functions the gateway builds for services
   * (`ServiceBackend.fromCode`); a backend's own `tracing` overrides it. HTTP APIs have no X-Ray tracing
   * of their own, so the stage is not traced.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Serve the API on a REGIONAL custom domain with mutual TLS (TLS 1.2) against a truststore, mapped to
   * the API's stage, and disable its execute-api endpoint (then `mutualTlsDomain`): for
   * certificate-bound tokens (with `authorization.senderConstrainedTokens`, whose `publicBaseUrl` then
   * defaults to the domain's URL). Needs an HttpApi defined in this app (the one the gateway creates, or
   * an `existingHttpApi` that is not imported and has a default stage).
   * @default - the execute-api endpoint only
   */
  readonly mutualTls?: MutualTlsDomainOptions;
}
