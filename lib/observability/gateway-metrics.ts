// API Gateway's own metrics for a REST API, whether the gateway created it or was handed an existing one.
import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

export type GatewayMetricName = 'Count' | '4XXError' | '5XXError' | 'Latency' | 'IntegrationLatency';

/**
 * A metric of the API's deployment stage when it has one (ApiName + Stage), else of the API (ApiName).
 * `4XXError` and `5XXError` are 0 or 1 per request: Sum counts them, Average is the error rate.
 */
export function gatewayMetric(restApi: apigateway.IRestApi, metricName: GatewayMetricName, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  const stage = restApi instanceof apigateway.RestApi ? restApi.deploymentStage : undefined;
  const dimensionsMap: Record<string, string> = { ApiName: restApi.restApiName };
  if (stage) dimensionsMap.Stage = stage.stageName;
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    statistic: metricName.endsWith('Latency') ? 'Average' : 'Sum',
    period: Duration.minutes(5),
    ...props,
    dimensionsMap: { ...dimensionsMap, ...props.dimensionsMap },
  });
}
