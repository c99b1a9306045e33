// The gateway's props: the authorizer's settings, the services, and the REST API around them.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { AuthorizationServerOptions, AuthorizerFunctionOptions } from '../authorizer/authorizer-options';
import type { GatewayWebAclOptions } from '../gateway-web-acl';
import type { MutualTlsDomainOptions } from '../mutual-tls-domain';
import type { OperationsViewsOptions } from '../observability/operations-views';
import type { RouteRule } from '../route-rule';
import { ServiceBackend } from '../service/service-backend';
import type { TokenCacheTableProps } from '../token-cache-table';

/** The authorizer's settings; its routes come from the services, its cache table from the gateway. */
export interface GatewayAuthorizationOptions extends AuthorizationServerOptions, AuthorizerFunctionOptions {}

/** One service behind the gateway. */
export interface GatewayServiceOptions {
  /** Construct id of the service (unique within the gateway), e.g. `Invoices`. */
  readonly name: string;
  /** Its routes and their coarse scope rules. */
  readonly routes: RouteRule[];
  /** The audience its validator requires in the JWT's `aud`. */
  readonly audience: string;
  /** Where its requests go: `ServiceBackend.fromFunction(fn)`, `.fromCode(code)` or `.fromHttpUrl(url)`. */
  readonly backend: ServiceBackend;
  /**
   * Required JOSE `typ` of the JWT. With `JwtExchange.signedIntrospection()` the services receive signed
   * introspection responses, so it must be (and defaults to) `token-introspection+jwt`.
   * @default - 'token-introspection+jwt' with signed introspection, otherwise not checked
   */
  readonly tokenType?: string;
}

/** What every phantom token gateway takes, whatever the kind of API: the authorizer, the services, the cache. */
export interface GatewayCommonProps extends OperationsViewsOptions {
  /** The authorization server and how the authorizer talks to it. */
  readonly authorization: GatewayAuthorizationOptions;
  /** The APIs behind the gateway (at least one). */
  readonly services: GatewayServiceOptions[];
  /**
   * An existing cache table (partition key `pk` string, TTL attribute `ttl`). Not with `cacheTableProps`.
   * @default - a new TokenCacheTable
   */
  readonly existingCacheTable?: dynamodb.ITableV2;
  /**
   * Props for the new cache table.
   * @default - TokenCacheTable defaults
   */
  readonly cacheTableProps?: TokenCacheTableProps;
  /**
   * JSON access logs (without the Authorization header, the JWT or the opaque token) to a new log group.
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Stage-wide throttling.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttling?: apigateway.ThrottleSettings;
}

export interface PhantomTokenGatewayProps extends GatewayCommonProps {
  /**
   * An existing REST API to add the routes, responses and authorizer to. Not with `restApiProps`,
   * `accessLogging`, `throttling`: its stage is yours.
   * @default - a new RestApi
   */
  readonly existingRestApi?: apigateway.IRestApi;
  /**
   * Props for the new RestApi, merged over the library defaults (regional endpoint, stage `prod`, JSON
   * access log, throttling, ERROR execution logging, metrics on). Data tracing
   * (`deployOptions.dataTraceEnabled` or any `deployOptions.methodOptions[path].dataTraceEnabled`) is
   * refused and forced off: it would log the Authorization header. A `deployOptions.accessLogFormat` that
   * logs the authorizer's `jwt` or `authorization` context values or a request header is refused too.
   * @default - the library defaults
   */
  readonly restApiProps?: apigateway.RestApiProps;
  /**
   * An AWS WAF web ACL on the stage (per-IP rate rule and AWS managed rule groups); `{}` for the defaults.
   * @default - no web ACL
   */
  readonly webAcl?: GatewayWebAclOptions;
  /**
   * AWS X-Ray tracing on the stage (a RestApi the gateway creates), the authorizer function and the
   * functions the gateway builds for services (`ServiceBackend.fromCode`); a backend's own `tracing`
   * overrides it. Not with `existingRestApi` (the stage is yours: set `tracingEnabled` on it and
   * `authorization.tracing`).
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Serve the API on a custom domain with mutual TLS against a truststore, and disable its execute-api
   * endpoint (`MutualTlsDomain`, then `mutualTlsDomain`): for certificate-bound tokens (with
   * `authorization.senderConstrainedTokens`, whose `publicBaseUrl` then defaults to the domain's URL).
   * Needs a RestApi defined in this app (the one the gateway creates, or an `existingRestApi` that is not
   * imported).
   * @default - the execute-api endpoint only
   */
  readonly mutualTls?: MutualTlsDomainOptions;
}
