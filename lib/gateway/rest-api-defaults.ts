// The RestApi the gateway creates: library defaults, then the user's props, then what the pattern forces.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PhantomTokenAccessLog } from '../access-log-format';

/** Default stage throttling: steady requests per second and burst, for the whole stage. */
export const DEFAULT_THROTTLING: Readonly<Required<apigateway.ThrottleSettings>> = { rateLimit: 100, burstLimit: 200 };

/** What the merge reads of the gateway's props. */
export interface RestApiInput {
  readonly restApiProps?: apigateway.RestApiProps;
  readonly throttling?: apigateway.ThrottleSettings;
  readonly tracing?: boolean;
}

export function mergeRestApiProps(path: string, props: RestApiInput, accessLogGroup: logs.LogGroup | undefined): apigateway.RestApiProps {
  const user = props.restApiProps ?? {};
  const throttling = { ...DEFAULT_THROTTLING, ...props.throttling };
  const defaults: apigateway.RestApiProps = {
    restApiName: path.replace(/\//g, '-'),
    description: 'phantom token gateway: opaque tokens in, JWTs to the services',
    endpointTypes: [apigateway.EndpointType.REGIONAL],
    // Access logs need the account's API Gateway CloudWatch role; set cloudWatchRole false if it exists.
    cloudWatchRole: true,
  };
  const defaultDeployOptions: apigateway.StageOptions = {
    stageName: 'prod',
    throttlingRateLimit: throttling.rateLimit,
    throttlingBurstLimit: throttling.burstLimit,
    loggingLevel: apigateway.MethodLoggingLevel.ERROR,
    metricsEnabled: true,
    ...(props.tracing ? { tracingEnabled: true } : {}),
    ...(accessLogGroup
      ? { accessLogDestination: new apigateway.LogGroupLogDestination(accessLogGroup), accessLogFormat: PhantomTokenAccessLog.format() }
      : {}),
  };
  return {
    ...defaults,
    ...user,
    deployOptions: { ...defaultDeployOptions, ...user.deployOptions, dataTraceEnabled: false },
  };
}
