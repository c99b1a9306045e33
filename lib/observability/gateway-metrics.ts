// API Gateway's own metrics for a REST API, whether the gateway created it or was handed an existing one.
import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** API Gateway's own metrics of one stage, whatever the kind of API (REST: `GatewayMetrics`, HTTP: `HttpGatewayMetrics`). */
export interface IGatewayMetrics {
  /** Requests to the stage. */
  metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** 4xx answers of the stage, the authorizer's 401s and 403s among them. */
  metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** 5xx answers of the stage. */
  metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Latency of the stage in milliseconds, authorizer and integration included. */
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Latency of the integrations in milliseconds. */
  metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * Metric factories for a REST API's stage when it has one (ApiName + Stage), else for the API (ApiName).
 * `4XXError` and `5XXError` are 0 or 1 per request: Sum counts them, Average is the error rate.
 */
export class GatewayMetrics implements IGatewayMetrics {
  /** @param restApi The REST API, the gateway's or any other. */
  constructor(private readonly restApi: apigateway.IRestApi) {}

  /** Requests to the stage. */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Count', props);
  }

  /** 4xx answers of the stage, the authorizer's 401s and 403s among them. */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('4XXError', props);
  }

  /** 5xx answers of the stage (Sum counts them, Average is the rate). */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5XXError', props);
  }

  /** Latency of the stage in milliseconds, authorizer and integration included (Average). */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Latency', props);
  }

  /** Latency of the integrations in milliseconds (Average). */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('IntegrationLatency', props);
  }

  private metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    const stage = this.restApi instanceof apigateway.RestApi ? this.restApi.deploymentStage : undefined;
    const dimensionsMap: Record<string, string> = { ApiName: this.restApi.restApiName };
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
}

/** The gateway figures the alarms and the dashboard show: the metrics given, else the REST API's, else none. */
export function gatewayMetricsOf(props: { readonly gatewayMetrics?: IGatewayMetrics; readonly restApi?: apigateway.IRestApi }): IGatewayMetrics | undefined {
  return props.gatewayMetrics ?? (props.restApi ? new GatewayMetrics(props.restApi) : undefined);
}
