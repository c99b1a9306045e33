// A custom domain with mutual TLS (a truststore in S3) in front of a REST API, for certificate-bound
// tokens (RFC 8705): API Gateway verifies the client certificate against the truststore and passes it to
// the authorizer, which compares it with the token's `cnf["x5t#S256"]`. The API's default execute-api
// endpoint is disabled, or a caller could reach the API without mutual TLS: a certificate-bound token
// would then be refused there (no certificate), but everything else would bypass the truststore.
// PhantomTokenHttpGateway builds the same on an HTTP API (apigatewayv2) with the checks below.
import { Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MUTUAL_TLS_DOMAIN_KINDS } from './construct-prop-kinds';
import { PropProblems } from './prop-problems';

/** The domain, its certificate and its truststore: what a construct that owns the API passes on. */
export interface MutualTlsDomainOptions {
  /** The custom domain name, e.g. `api.example.com`. */
  readonly domainName: string;
  /** The ACM certificate for `domainName` (in the API's region). */
  readonly certificate: acm.ICertificate;
  /** The bucket holding the truststore: a PEM bundle of the CAs whose client certificates are accepted. */
  readonly truststoreBucket: s3.IBucket;
  /** The truststore's object key in `truststoreBucket`. */
  readonly truststoreKey: string;
  /**
   * The truststore object's version, so that a new bundle is picked up on deployment.
   * @default - the latest version
   */
  readonly truststoreVersion?: string;
  /**
   * The base path the API is mapped to on the domain.
   * @default - the domain's root
   */
  readonly basePath?: string;
}

/** The domain settings and the REST API the domain serves. */
export interface MutualTlsDomainProps extends MutualTlsDomainOptions {
  /** The REST API to serve; a `RestApi` defined in this app, so that its execute-api endpoint can be disabled. */
  readonly restApi: apigateway.IRestApi;
}

/**
 * A REGIONAL custom domain with mutual TLS and TLS 1.2 (`Resource`), mapped to the API's deployment
 * stage, with the API's execute-api endpoint disabled. Set the authorizer's `publicBaseUrl` to
 * `publicBaseUrl` when DPoP-bound tokens are used through it too.
 */
export class MutualTlsDomain extends Construct {
  /** The custom domain. */
  public readonly domain: apigateway.DomainName;
  /** `https://<domainName>[/<basePath>]`: the URL callers (and DPoP proofs' `htu`) use. */
  public readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: MutualTlsDomainProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    props = problems.typed(props, MUTUAL_TLS_DOMAIN_KINDS); // from here on, a wrong-typed prop reads as unset
    const restApiProblem = mutualTlsRestApiProblem(props.restApi);
    if (restApiProblem) problems.add('restApi', restApiProblem);
    mutualTlsDomainProblems(problems, props);
    problems.throwIfAny();

    (props.restApi.node.defaultChild as apigateway.CfnRestApi).disableExecuteApiEndpoint = true;
    this.domain = new apigateway.DomainName(this, 'Resource', {
      domainName: props.domainName,
      certificate: props.certificate,
      endpointType: apigateway.EndpointType.REGIONAL,
      securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      mtls: { bucket: props.truststoreBucket, key: props.truststoreKey, version: props.truststoreVersion },
    });
    this.domain.addBasePathMapping(props.restApi, { basePath: props.basePath, stage: props.restApi.deploymentStage });
    this.publicBaseUrl = MutualTlsDomain.publicBaseUrlOf(props);
  }

  /** `https://<domainName>[/<basePath>]` for these options. */
  public static publicBaseUrlOf(options: MutualTlsDomainOptions): string {
    return `https://${options.domainName}${options.basePath ? `/${options.basePath}` : ''}`;
  }
}

/** Why this API cannot sit behind the domain: its execute-api endpoint must be disabled from here. */
export function mutualTlsRestApiProblem(restApi: apigateway.IRestApi): string | undefined {
  if (restApi?.node.defaultChild instanceof apigateway.CfnRestApi) return undefined;
  return 'must be a RestApi defined in this app: its execute-api endpoint must be disabled, or callers could bypass mutual TLS';
}

/** The same for an HTTP API, whose domain maps to its default stage. */
export function mutualTlsHttpApiProblem(httpApi: apigwv2.IHttpApi): string | undefined {
  if (!(httpApi?.node.defaultChild instanceof apigwv2.CfnApi)) {
    return 'must be an HttpApi defined in this app: its execute-api endpoint must be disabled, or callers could bypass mutual TLS';
  }
  return httpApi.defaultStage ? undefined : 'must have a default stage: the mutual TLS domain is mapped to it';
}

/** Problems with the domain settings; the gateway files them under `mutualTls.` before it builds anything. */
export function mutualTlsDomainProblems(problems: PropProblems, options: MutualTlsDomainOptions): void {
  if (!Token.isUnresolved(options.domainName) && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(options.domainName ?? '')) {
    problems.add('domainName', `must be a DNS name such as api.example.com, got "${options.domainName}"`);
  }
  if (!options.certificate) problems.add('certificate', 'is required (an ACM certificate for domainName, in the API\'s region)');
  if (!options.truststoreBucket) problems.add('truststoreBucket', 'is required (the bucket holding the PEM truststore)');
  if (!Token.isUnresolved(options.truststoreKey) && !options.truststoreKey?.trim()) problems.add('truststoreKey', 'is required (the object key of the PEM truststore)');
  if (options.basePath !== undefined && !Token.isUnresolved(options.basePath) && !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(options.basePath)) {
    problems.add('basePath', `must be path segments without leading or trailing "/", got "${options.basePath}"`);
  }
}
