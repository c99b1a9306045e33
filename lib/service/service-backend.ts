// Where a protected service's requests go: an existing function, a function built from code, or an
// HTTP endpoint. Each choice carries only its own settings (the aws-dynamodb `Billing` shape), so a
// setting of one backend cannot be given to another.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Settings of `ServiceBackend.fromCode()`. */
export interface CodeBackendOptions {
  /**
   * Handler of the built function.
   * @default 'index.handler'
   */
  readonly handler?: string;
  /**
   * AWS X-Ray active tracing on the built function.
   * @default - the gateway's `tracing`; false for a ProtectedService on its own
   */
  readonly tracing?: boolean;
}

/** Settings of `ServiceBackend.fromHttpUrl()`. */
export interface HttpBackendOptions {
  /**
   * VPC link to reach the URL privately (an NLB).
   * @default - the public internet
   */
  readonly vpcLink?: apigateway.IVpcLink;
}

/** Settings of `ServiceBackend.fromApplicationListener()` and `.fromNetworkListener()`. */
export interface PrivateBackendOptions {
  /**
   * The HTTP API VPC link to reach the listener through.
   * @default - a VPC link in the load balancer's VPC, made by the HTTP API
   */
  readonly vpcLink?: apigwv2.IVpcLink;
}

/** The backend of a protected service. */
export class ServiceBackend {
  /**
   * An existing function. If it is a `lambda.Function` of this app, the validator variables are added
   * to it; otherwise set the service's `validatorEnvironment` on it yourself. It keeps its own tracing.
   */
  public static fromFunction(fn: lambda.IFunction): ServiceBackend {
    return new ServiceBackend({ function: fn });
  }

  /** A function the service builds from `code` (Node.js 24, arm64, `index.handler`, validator environment set). */
  public static fromCode(code: lambda.Code, options?: CodeBackendOptions): ServiceBackend {
    return new ServiceBackend({ code, handler: options?.handler, tracing: options?.tracing });
  }

  /**
   * An HTTP backend (https): the route's path is appended to `url`. The gateway maps the JWT into the
   * integration request's `Authorization: Bearer` header, replacing the client's opaque token.
   */
  public static fromHttpUrl(url: string, options?: HttpBackendOptions): ServiceBackend {
    return new ServiceBackend({ httpUrl: url, vpcLink: options?.vpcLink });
  }

  /**
   * HTTP APIs only (`PhantomTokenHttpGateway`): a private integration through a VPC link to an
   * Application Load Balancer's listener. The request path is passed as it came; the JWT arrives in
   * `PhantomTokenHttpGateway.JWT_HEADER` (HTTP APIs cannot rewrite `Authorization`).
   */
  public static fromApplicationListener(listener: elbv2.IApplicationListener, options: PrivateBackendOptions = {}): ServiceBackend {
    return new ServiceBackend({ applicationListener: listener, privateVpcLink: options.vpcLink });
  }

  /** HTTP APIs only: like `fromApplicationListener`, to a Network Load Balancer's listener. */
  public static fromNetworkListener(listener: elbv2.INetworkListener, options: PrivateBackendOptions = {}): ServiceBackend {
    return new ServiceBackend({ networkListener: listener, privateVpcLink: options.vpcLink });
  }

  /** `fromFunction`: the function. */
  public readonly function?: lambda.IFunction;
  /** `fromCode`: the code of the function to build. */
  public readonly code?: lambda.Code;
  /** `fromCode`: the handler (undefined: `index.handler`). */
  public readonly handler?: string;
  /** `fromCode`: X-Ray tracing (undefined: the gateway decides). */
  public readonly tracing?: boolean;
  /** `fromHttpUrl`: the base URL. */
  public readonly httpUrl?: string;
  /** `fromHttpUrl`: the VPC link. */
  public readonly vpcLink?: apigateway.IVpcLink;
  /** `fromApplicationListener`: the listener. */
  public readonly applicationListener?: elbv2.IApplicationListener;
  /** `fromNetworkListener`: the listener. */
  public readonly networkListener?: elbv2.INetworkListener;
  /** `fromApplicationListener` / `fromNetworkListener`: the HTTP API VPC link, if given. */
  public readonly privateVpcLink?: apigwv2.IVpcLink;

  private constructor(choice: Partial<Pick<ServiceBackend, 'function' | 'code' | 'handler' | 'tracing' | 'httpUrl' | 'vpcLink' | 'applicationListener' | 'networkListener' | 'privateVpcLink'>>) {
    this.function = choice.function;
    this.code = choice.code;
    this.handler = choice.handler;
    this.tracing = choice.tracing;
    this.httpUrl = choice.httpUrl;
    this.vpcLink = choice.vpcLink;
    this.applicationListener = choice.applicationListener;
    this.networkListener = choice.networkListener;
    this.privateVpcLink = choice.privateVpcLink;
  }
}
