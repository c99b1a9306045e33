// The design's example: the invoices and streams services behind one phantom token gateway, with the
// scope table of the design (lambda/shared/example-routes.ts, which local mode serves too).
import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EXAMPLE_SERVICES, type ExampleService } from '../lambda/shared/example-routes';
import { ClientCredentials, HandlerAsset, HandlerAssetName, PhantomTokenGateway, PhantomTokenHttpGateway, ServiceBackend } from '../lib';
import { constructRoutes } from './construct-routes';
import { exampleExchange, type ExampleSettings } from './example-settings';

/** The prebundled handler of each example service. */
const HANDLERS: Readonly<Record<ExampleService['name'], HandlerAssetName>> = { invoices: HandlerAssetName.INVOICES, streams: HandlerAssetName.STREAMS };

export interface PhantomTokenExampleStackProps extends StackProps {
  readonly settings: ExampleSettings;
}

export class PhantomTokenExampleStack extends Stack {
  /** A REST API gateway, or with `-c api=http` an HTTP API gateway. */
  public readonly gateway: PhantomTokenGateway | PhantomTokenHttpGateway;

  constructor(scope: Construct, id: string, props: PhantomTokenExampleStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const clientSecret = s.clientSecretArn
      ? /-[A-Za-z0-9]{6}$/.test(s.clientSecretArn)
        ? secretsmanager.Secret.fromSecretCompleteArn(this, 'ClientSecret', s.clientSecretArn)
        : secretsmanager.Secret.fromSecretPartialArn(this, 'ClientSecret', s.clientSecretArn)
      : secretsmanager.Secret.fromSecretNameV2(this, 'ClientSecret', s.clientSecretName);

    const common = {
      authorization: {
        issuer: s.issuer,
        clientId: s.clientId,
        clientCredentials: ClientCredentials.clientSecretBasic(clientSecret),
        exchange: exampleExchange(s),
        jwksUri: s.jwksUri,
        introspectionEndpoint: s.introspectionEndpoint,
        tokenEndpoint: s.tokenEndpoint,
      },
      services: EXAMPLE_SERVICES.map((service) => ({
        name: service.name,
        backend: ServiceBackend.fromCode(HandlerAsset.code(HANDLERS[service.name])),
        audience: service.audience,
        routes: constructRoutes(service.routes),
      })),
    };
    if (s.api === 'http') {
      const gateway = new PhantomTokenHttpGateway(this, 'Gateway', common);
      this.gateway = gateway;
      // cdk-nag's AwsSolutions rules find nothing to acknowledge on the HTTP API variant.
      new CfnOutput(this, 'ApiUrl', { value: gateway.url!, description: 'Call it with Authorization: Bearer <opaque token>' });
      return;
    }
    const gateway = new PhantomTokenGateway(this, 'Gateway', { ...common, webAcl: s.webAcl ? {} : undefined });
    this.gateway = gateway;
    new CfnOutput(this, 'ApiUrl', { value: gateway.url, description: 'Call it with Authorization: Bearer <opaque token>' });
    acknowledgeNagFindings(gateway, s);
  }
}

/** Each cdk-nag finding the example accepts, with the reason it is acceptable here. */
function acknowledgeNagFindings(gateway: PhantomTokenGateway, settings: ExampleSettings): void {
  const api = Validations.of(gateway.restApi);
  api.acknowledge(
    {
      id: 'AwsSolutions-APIG2',
      reason: 'Every method sits behind the phantom token authorizer; request bodies are validated by the service that owns them (the gateway knows no body schemas).',
    },
    {
      id: 'AwsSolutions-COG4',
      reason: 'Callers present opaque OAuth tokens from an external authorization server, which the Lambda authorizer introspects; Cognito user pools are not part of this design.',
    },
  );
  const cloudWatchRole = gateway.restApi.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole) {
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'The account-level API Gateway CloudWatch role (needed for access logs) uses AmazonAPIGatewayPushToCloudWatchLogs, the AWS policy made for exactly this role.',
    });
  }
  if (!settings.webAcl) {
    api.acknowledge({
      id: 'AwsSolutions-APIG3',
      reason: 'AWS WAF is opt-in (-c webAcl=true) so the example deploys without WAF charges; the stage is throttled and every route needs a valid token.',
    });
  }
}
